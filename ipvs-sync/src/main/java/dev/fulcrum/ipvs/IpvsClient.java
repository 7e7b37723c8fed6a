package dev.fulcrum.ipvs;

import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.IpvsInfo;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.Timeouts;
import dev.fulcrum.ipvs.netlink.IpvsCodec;
import dev.fulcrum.ipvs.netlink.IpvsNetlink;
import dev.fulcrum.net.netlink.Errno;
import dev.fulcrum.net.netlink.GenericNetlinkFamily;
import dev.fulcrum.net.netlink.Netlink;
import dev.fulcrum.net.netlink.NetlinkException;
import dev.fulcrum.net.netlink.NetlinkMessage;
import dev.fulcrum.net.netlink.NetlinkReply;
import dev.fulcrum.net.netlink.NetlinkRequest;
import dev.fulcrum.net.netlink.NetlinkSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel IPVS table over generic netlink: read services, destinations, stats, timeouts, sync
 * daemons and info; change them one at a time or in batches. One socket, resolved once; every call
 * is a single request or a dump, never a process. {@link #open()} fails fast with
 * {@link IpvsUnavailableException} ("kernel IPVS not available: load ip_vs") when the module is absent.
 */
public final class IpvsClient implements IpvsKernel, AutoCloseable {
    private final NetlinkSocket socket;
    private final IpvsCodec codec;

    private IpvsClient(NetlinkSocket socket, IpvsCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /** Opens a client in the calling thread's network namespace. */
    public static IpvsClient open() {
        NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_GENERIC);
        try {
            GenericNetlinkFamily f = resolve(s);
            IpvsClient c = new IpvsClient(s, new IpvsCodec(f.id()));
            c.info(); // proves permission (EPERM without CAP_NET_ADMIN) before any real work
            return c;
        } catch (NetlinkException e) {
            s.close();
            if (e.errno() == Errno.EPERM) {
                throw new IpvsUnavailableException("kernel IPVS not accessible: CAP_NET_ADMIN required", e);
            }
            throw new IpvsUnavailableException("kernel IPVS not available: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static GenericNetlinkFamily resolve(NetlinkSocket s) {
        for (int attempt = 0; ; attempt++) {
            try {
                return GenericNetlinkFamily.resolve(s, IpvsNetlink.FAMILY);
            } catch (NetlinkException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
                if (attempt >= 1) {
                    // The family is registered by the ip_vs module; without it nothing here can work.
                    throw new IpvsUnavailableException("kernel IPVS not available: load ip_vs", e);
                }
                try {
                    Thread.sleep(100); // the first lookup right after modprobe may race the registration
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IpvsUnavailableException("kernel IPVS not available: load ip_vs", e);
                }
            }
        }
    }

    public IpvsCodec codec() {
        return codec;
    }

    public IpvsInfo info() {
        return IpvsCodec.decodeInfo(single(codec.getInfo()));
    }

    private NetlinkMessage single(NetlinkRequest r) {
        List<NetlinkMessage> m = socket.request(r);
        if (m.isEmpty()) {
            throw new NetlinkException(Errno.EMSGSIZE, r.operation(), r.object(), "no reply data");
        }
        return m.get(0);
    }

    @Override
    public List<ServiceEntry> services() {
        List<ServiceEntry> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(codec.dumpServices())) {
            out.add(IpvsCodec.decodeService(m));
        }
        return out;
    }

    /** The service with {@code key}, or empty (ESRCH). */
    @Override
    public Optional<ServiceEntry> service(ServiceKey key) {
        try {
            return Optional.of(IpvsCodec.decodeService(single(codec.getService(key))));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ESRCH) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The destinations of {@code key}; empty for an unknown service (the kernel does not tell them apart). */
    @Override
    public List<DestinationEntry> destinations(ServiceKey key) {
        List<DestinationEntry> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(codec.dumpDestinations(key))) {
            out.add(IpvsCodec.decodeDestination(m, key.family()));
        }
        return out;
    }

    /** Reads the whole table: one service dump plus one destination dump per service. */
    @Override
    public KernelTable table() {
        List<ServiceEntry> svcs = services();
        Map<ServiceKey, List<DestinationEntry>> dests = new LinkedHashMap<>();
        for (ServiceEntry s : svcs) {
            dests.put(s.key(), destinations(s.key()));
        }
        return KernelTable.of(svcs, dests);
    }

    /** Performs one operation; throws {@link NetlinkException} on failure. */
    public void execute(IpvsOperation op) {
        socket.request(codec.encode(op));
    }

    /**
     * Performs {@code ops} in order, batched into few datagrams. Every operation gets its own result;
     * a failure never stops the ones after it.
     */
    @Override
    public List<OperationResult> apply(List<? extends IpvsOperation> ops) {
        List<NetlinkRequest> reqs = new ArrayList<>(ops.size());
        for (IpvsOperation op : ops) {
            reqs.add(codec.encode(op));
        }
        List<NetlinkReply> replies = socket.execute(reqs);
        List<OperationResult> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            NetlinkReply r = replies.get(i);
            out.add(r.ok() ? OperationResult.ok(ops.get(i)) : new OperationResult(ops.get(i), Optional.of(r.exception())));
        }
        return out;
    }

    public Timeouts timeouts() {
        return IpvsCodec.decodeTimeouts(single(codec.getTimeouts()));
    }

    /** Sets the timeouts; a 0 field leaves that timeout unchanged. */
    public void setTimeouts(Timeouts t) {
        socket.request(codec.setTimeouts(t));
    }

    public void startDaemon(SyncDaemon d) {
        socket.request(codec.startDaemon(d));
    }

    public void stopDaemon(SyncDaemon.Role role) {
        socket.request(codec.stopDaemon(role));
    }

    public List<SyncDaemon> daemons() {
        List<SyncDaemon> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(codec.dumpDaemons())) {
            out.add(IpvsCodec.decodeDaemon(m));
        }
        return out;
    }

    /** Deletes every service of the namespace, Fulcrum's or not. */
    @Override
    public void flush() {
        socket.request(codec.flush());
    }

    /** Zeroes the counters of one service, or of all. */
    public void zero(Optional<ServiceKey> key) {
        socket.request(codec.zero(key));
    }

    @Override
    public void close() {
        socket.close();
    }
}

package dev.fulcrum.ipvs.netlink;

import static dev.fulcrum.ipvs.netlink.IpvsNetlink.*;

import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.IpvsInfo;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceFlag;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Stats;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.Timeouts;
import dev.fulcrum.ipvs.model.Tunnel;
import dev.fulcrum.net.netlink.Netlink;
import dev.fulcrum.net.netlink.NetlinkAttributes;
import dev.fulcrum.net.netlink.NetlinkMessage;
import dev.fulcrum.net.netlink.NetlinkMessageBuilder;
import dev.fulcrum.net.netlink.NetlinkRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Pure translation between the IPVS model and generic netlink messages, for one resolved family id.
 * It applies the kernel's encoding rules in one place: ports and IPv4 netmasks big-endian, IPv6
 * netmask as a prefix length, addresses as 16-byte nf_inet_addr, HASHED stripped from replies.
 */
public final class IpvsCodec {
    private static final int REQ_ACK = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK;
    private static final int REQ_DUMP = Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP;
    private final int familyId;

    public IpvsCodec(int familyId) {
        this.familyId = familyId;
    }

    public int familyId() {
        return familyId;
    }

    private NetlinkMessageBuilder msg(int cmd, int flags) {
        return NetlinkMessageBuilder.generic(familyId, flags, cmd, VERSION);
    }

    static byte[] inetAddr(InetAddress a) {
        return Arrays.copyOf(a.getAddress(), 16);
    }

    private static void identity(NetlinkMessageBuilder b, ServiceKey key) {
        b.putU16(SVC_ATTR_AF, key.family().code());
        if (key instanceof ServiceKey.FwmarkKey f) {
            b.putU32(SVC_ATTR_FWMARK, f.mark());
        } else if (key instanceof ServiceKey.AddressKey a) {
            b.putU16(SVC_ATTR_PROTOCOL, a.protocol().number());
            b.putBytes(SVC_ATTR_ADDR, inetAddr(a.address()));
            b.putU16Be(SVC_ATTR_PORT, a.port());
        }
    }

    private static void serviceNest(NetlinkMessageBuilder b, Service s) {
        b.beginNested(CMD_ATTR_SERVICE);
        identity(b, s.key());
        b.putString(SVC_ATTR_SCHED_NAME, s.scheduler());
        s.persistenceEngine().ifPresent(pe -> b.putString(SVC_ATTR_PE_NAME, pe));
        int flags = ServiceFlag.bits(s.flags()) | (s.persistence().isPresent() ? ServiceFlag.PERSISTENT : 0);
        b.putBytes(SVC_ATTR_FLAGS, flagsBytes(flags));
        b.putU32(SVC_ATTR_TIMEOUT, s.persistence().map(Persistence::timeoutSeconds).orElse(0));
        int prefix = s.persistence().map(Persistence::prefixLength).orElse(s.key().family().bits());
        if (s.key().family() == AddressFamily.INET) {
            b.putU32Be(SVC_ATTR_NETMASK, prefix == 0 ? 0 : -1 << (32 - prefix));
        } else {
            b.putU32(SVC_ATTR_NETMASK, prefix);
        }
        b.endNested();
    }

    private static byte[] flagsBytes(int flags) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putInt(flags).putInt(-1).array();
    }

    private static void serviceIdentityNest(NetlinkMessageBuilder b, ServiceKey key) {
        b.beginNested(CMD_ATTR_SERVICE);
        identity(b, key);
        b.endNested();
    }

    private static void destNest(NetlinkMessageBuilder b, Destination d) {
        b.beginNested(CMD_ATTR_DEST)
                .putBytes(DEST_ATTR_ADDR, inetAddr(d.address()))
                .putU16Be(DEST_ATTR_PORT, d.port())
                .putU32(DEST_ATTR_FWD_METHOD, d.method().code())
                .putU32(DEST_ATTR_WEIGHT, d.weight())
                .putU32(DEST_ATTR_U_THRESH, d.upperThreshold())
                .putU32(DEST_ATTR_L_THRESH, d.lowerThreshold())
                .putU16(DEST_ATTR_ADDR_FAMILY, d.family().code());
        if (d.method() == ForwardMethod.TUNNEL) {
            b.putU8(DEST_ATTR_TUN_TYPE, d.tunnel().type().ordinal())
                    .putU16Be(DEST_ATTR_TUN_PORT, d.tunnel().port())
                    .putU16(DEST_ATTR_TUN_FLAGS, d.tunnel().checksum().flags());
        }
        b.endNested();
    }

    /** The single netlink request that performs {@code op}. */
    public NetlinkRequest encode(IpvsOperation op) {
        NetlinkMessageBuilder b;
        String object;
        String verb;
        if (op instanceof IpvsOperation.AddService a) {
            b = msg(CMD_NEW_SERVICE, REQ_ACK);
            serviceNest(b, a.spec());
            verb = "add service";
            object = a.spec().key().describe();
        } else if (op instanceof IpvsOperation.UpdateService u) {
            b = msg(CMD_SET_SERVICE, REQ_ACK);
            serviceNest(b, u.spec());
            verb = "update service";
            object = u.spec().key().describe();
        } else if (op instanceof IpvsOperation.DeleteService d) {
            b = msg(CMD_DEL_SERVICE, REQ_ACK);
            serviceIdentityNest(b, d.service());
            verb = "delete service";
            object = d.service().describe();
        } else if (op instanceof IpvsOperation.AddDestination a) {
            b = msg(CMD_NEW_DEST, REQ_ACK);
            serviceIdentityNest(b, a.service());
            destNest(b, a.destination());
            verb = "add destination";
            object = a.destination().id() + " of " + a.service().describe();
        } else if (op instanceof IpvsOperation.UpdateDestination u) {
            b = msg(CMD_SET_DEST, REQ_ACK);
            serviceIdentityNest(b, u.service());
            destNest(b, u.destination());
            verb = "update destination";
            object = u.destination().id() + " of " + u.service().describe();
        } else if (op instanceof IpvsOperation.DeleteDestination d) {
            b = msg(CMD_DEL_DEST, REQ_ACK);
            serviceIdentityNest(b, d.service());
            b.beginNested(CMD_ATTR_DEST)
                    .putBytes(DEST_ATTR_ADDR, inetAddr(d.destination().address()))
                    .putU16Be(DEST_ATTR_PORT, d.destination().port())
                    .putU16(DEST_ATTR_ADDR_FAMILY, AddressFamily.of(d.destination().address()).code())
                    .endNested();
            verb = "delete destination";
            object = d.destination() + " of " + d.service().describe();
        } else {
            throw new IllegalArgumentException("unknown operation " + op);
        }
        return b.build(verb, object);
    }

    public NetlinkRequest dumpServices() {
        return msg(CMD_GET_SERVICE, REQ_DUMP).build("list services", "");
    }

    public NetlinkRequest getService(ServiceKey key) {
        NetlinkMessageBuilder b = msg(CMD_GET_SERVICE, REQ_ACK);
        serviceIdentityNest(b, key);
        return b.build("get service", key.describe());
    }

    public NetlinkRequest dumpDestinations(ServiceKey key) {
        NetlinkMessageBuilder b = msg(CMD_GET_DEST, REQ_DUMP);
        serviceIdentityNest(b, key);
        return b.build("list destinations", key.describe());
    }

    public NetlinkRequest getInfo() {
        return msg(CMD_GET_INFO, REQ_ACK).build("get IPVS info", "");
    }

    public NetlinkRequest getTimeouts() {
        return msg(CMD_GET_CONFIG, REQ_ACK).build("get timeouts", "");
    }

    public NetlinkRequest setTimeouts(Timeouts t) {
        return msg(CMD_SET_CONFIG, REQ_ACK)
                .putU32(CMD_ATTR_TIMEOUT_TCP, t.tcp())
                .putU32(CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFin())
                .putU32(CMD_ATTR_TIMEOUT_UDP, t.udp())
                .build("set timeouts", "tcp " + t.tcp() + " tcpfin " + t.tcpFin() + " udp " + t.udp());
    }

    public NetlinkRequest flush() {
        return msg(CMD_FLUSH, REQ_ACK).build("flush", "all services");
    }

    public NetlinkRequest zero(Optional<ServiceKey> key) {
        NetlinkMessageBuilder b = msg(CMD_ZERO, REQ_ACK);
        key.ifPresent(k -> serviceIdentityNest(b, k));
        return b.build("zero counters", key.map(ServiceKey::describe).orElse("all services"));
    }

    public NetlinkRequest startDaemon(SyncDaemon d) {
        NetlinkMessageBuilder b = msg(CMD_NEW_DAEMON, REQ_ACK).beginNested(CMD_ATTR_DAEMON)
                .putU32(DAEMON_ATTR_STATE, d.role().state())
                .putString(DAEMON_ATTR_MCAST_IFN, d.interfaceName())
                .putU32(DAEMON_ATTR_SYNC_ID, d.syncId());
        if (d.maxLength() > 0) {
            b.putU16(DAEMON_ATTR_SYNC_MAXLEN, d.maxLength());
        }
        d.group().ifPresent(g -> {
            if (g instanceof Inet4Address) {
                b.putBytes(DAEMON_ATTR_MCAST_GROUP, g.getAddress());
            } else {
                b.putBytes(DAEMON_ATTR_MCAST_GROUP6, g.getAddress());
            }
        });
        if (d.port() > 0) {
            b.putU16(DAEMON_ATTR_MCAST_PORT, d.port());
        }
        if (d.ttl() > 0) {
            b.putU8(DAEMON_ATTR_MCAST_TTL, d.ttl());
        }
        return b.endNested().build("start sync daemon", d.role() + " on " + d.interfaceName() + " syncid " + d.syncId());
    }

    public NetlinkRequest stopDaemon(SyncDaemon.Role role) {
        return msg(CMD_DEL_DAEMON, REQ_ACK).beginNested(CMD_ATTR_DAEMON)
                .putU32(DAEMON_ATTR_STATE, role.state()).endNested()
                .build("stop sync daemon", role.toString());
    }

    public NetlinkRequest dumpDaemons() {
        return msg(CMD_GET_DAEMON, REQ_DUMP).build("list sync daemons", "");
    }

    // ------------------------------------------------------------------ decoding

    static InetAddress address(byte[] raw, AddressFamily af) {
        try {
            return InetAddress.getByAddress(af == AddressFamily.INET ? Arrays.copyOf(raw, 4) : Arrays.copyOf(raw, 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Stats stats(NetlinkAttributes parent, int stats64, int stats32) {
        NetlinkAttributes s;
        if (parent.has(stats64)) {
            s = parent.nested(stats64);
        } else if (parent.has(stats32)) {
            s = parent.nested(stats32);
        } else {
            return Stats.ZERO;
        }
        return new Stats(s.u64(STATS_CONNS, 0), s.u64(STATS_INPKTS, 0), s.u64(STATS_OUTPKTS, 0),
                s.u64(STATS_INBYTES, 0), s.u64(STATS_OUTBYTES, 0), s.u64(STATS_CPS, 0), s.u64(STATS_INPPS, 0),
                s.u64(STATS_OUTPPS, 0), s.u64(STATS_INBPS, 0), s.u64(STATS_OUTBPS, 0));
    }

    /** Decodes the SERVICE nest of a GET_SERVICE reply, normalised for diffing (HASHED removed). */
    public static ServiceEntry decodeService(NetlinkMessage m) {
        NetlinkAttributes s = m.attributes(Netlink.GENL_HDRLEN).nested(CMD_ATTR_SERVICE);
        AddressFamily af = AddressFamily.ofCode(s.u16(SVC_ATTR_AF));
        ServiceKey key;
        if (s.has(SVC_ATTR_FWMARK)) {
            key = ServiceKey.fwmark(s.u32(SVC_ATTR_FWMARK), af);
        } else {
            key = ServiceKey.of(Protocol.ofNumber(s.u16(SVC_ATTR_PROTOCOL)), address(s.bytes(SVC_ATTR_ADDR), af), s.u16Be(SVC_ATTR_PORT));
        }
        int flags = s.has(SVC_ATTR_FLAGS) ? s.u32(SVC_ATTR_FLAGS) : 0;
        Optional<Persistence> persistence = Optional.empty();
        if ((flags & ServiceFlag.PERSISTENT) != 0) {
            int prefix;
            if (af == AddressFamily.INET) {
                prefix = Integer.bitCount(s.u32Be(SVC_ATTR_NETMASK));
            } else {
                prefix = s.u32(SVC_ATTR_NETMASK);
            }
            persistence = Optional.of(new Persistence(Math.max(1, s.u32(SVC_ATTR_TIMEOUT, 0)), Math.max(1, prefix)));
        }
        String sched = s.has(SVC_ATTR_SCHED_NAME) ? s.string(SVC_ATTR_SCHED_NAME) : "none";
        Optional<String> pe = s.has(SVC_ATTR_PE_NAME) ? Optional.of(s.string(SVC_ATTR_PE_NAME)).filter(x -> !x.isEmpty()) : Optional.empty();
        Service svc = new Service(key, sched.isEmpty() ? "none" : sched, ServiceFlag.of(flags), persistence, pe);
        return new ServiceEntry(svc, stats(s, SVC_ATTR_STATS64, SVC_ATTR_STATS));
    }

    /** Decodes the DEST nest of a GET_DEST reply; {@code serviceFamily} applies when ADDR_FAMILY is absent. */
    public static DestinationEntry decodeDestination(NetlinkMessage m, AddressFamily serviceFamily) {
        NetlinkAttributes d = m.attributes(Netlink.GENL_HDRLEN).nested(CMD_ATTR_DEST);
        AddressFamily af = d.has(DEST_ATTR_ADDR_FAMILY) ? AddressFamily.ofCode(d.u16(DEST_ATTR_ADDR_FAMILY)) : serviceFamily;
        ForwardMethod method = ForwardMethod.ofCode(d.u32(DEST_ATTR_FWD_METHOD));
        Tunnel tunnel = Tunnel.IPIP;
        if (method == ForwardMethod.TUNNEL && d.has(DEST_ATTR_TUN_TYPE)) {
            Tunnel.Type type = Tunnel.Type.values()[Math.min(d.u8(DEST_ATTR_TUN_TYPE), 2)];
            int port = d.has(DEST_ATTR_TUN_PORT) ? d.u16Be(DEST_ATTR_TUN_PORT) : 0;
            tunnel = new Tunnel(type == Tunnel.Type.GUE && port == 0 ? Tunnel.Type.IPIP : type, port,
                    Tunnel.Checksum.ofFlags(d.u16(DEST_ATTR_TUN_FLAGS, 0)));
        }
        Destination dest = new Destination(address(d.bytes(DEST_ATTR_ADDR), af), d.u16Be(DEST_ATTR_PORT), method,
                d.u32(DEST_ATTR_WEIGHT), d.u32(DEST_ATTR_U_THRESH, 0), d.u32(DEST_ATTR_L_THRESH, 0), tunnel);
        return new DestinationEntry(dest, d.u32(DEST_ATTR_ACTIVE_CONNS, 0), d.u32(DEST_ATTR_INACT_CONNS, 0),
                d.u32(DEST_ATTR_PERSIST_CONNS, 0), stats(d, DEST_ATTR_STATS64, DEST_ATTR_STATS));
    }

    public static IpvsInfo decodeInfo(NetlinkMessage m) {
        NetlinkAttributes a = m.attributes(Netlink.GENL_HDRLEN);
        return new IpvsInfo(a.u32(INFO_ATTR_VERSION), a.u32(INFO_ATTR_CONN_TAB_SIZE, 0));
    }

    public static Timeouts decodeTimeouts(NetlinkMessage m) {
        NetlinkAttributes a = m.attributes(Netlink.GENL_HDRLEN);
        return new Timeouts(a.u32(CMD_ATTR_TIMEOUT_TCP, 0), a.u32(CMD_ATTR_TIMEOUT_TCP_FIN, 0), a.u32(CMD_ATTR_TIMEOUT_UDP, 0));
    }

    public static SyncDaemon decodeDaemon(NetlinkMessage m) {
        NetlinkAttributes d = m.attributes(Netlink.GENL_HDRLEN).nested(CMD_ATTR_DAEMON);
        Optional<InetAddress> group = Optional.empty();
        try {
            if (d.has(DAEMON_ATTR_MCAST_GROUP6)) {
                group = Optional.of(InetAddress.getByAddress(d.bytes(DAEMON_ATTR_MCAST_GROUP6)));
            } else if (d.has(DAEMON_ATTR_MCAST_GROUP)) {
                group = Optional.of(InetAddress.getByAddress(d.bytes(DAEMON_ATTR_MCAST_GROUP)));
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        return new SyncDaemon(SyncDaemon.Role.ofState(d.u32(DAEMON_ATTR_STATE)), d.string(DAEMON_ATTR_MCAST_IFN),
                d.u32(DAEMON_ATTR_SYNC_ID), d.u16(DAEMON_ATTR_SYNC_MAXLEN, 0), group,
                d.u16(DAEMON_ATTR_MCAST_PORT, 0), d.u8(DAEMON_ATTR_MCAST_TTL, 0));
    }
}

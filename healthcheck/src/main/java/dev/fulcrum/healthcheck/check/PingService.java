package dev.fulcrum.healthcheck.check;

import dev.fulcrum.net.icmp.IcmpEchoSocket;
import dev.fulcrum.net.icmp.IcmpFamily;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All PING_CHECKs that need the same kind of socket share one ICMP socket and one receiving thread: one
 * per address family (ICMP and ICMPv6 sockets are distinct), and within it one per fwmark (SO_MARK) and
 * per bind_if interface (SO_BINDTODEVICE) and bindto source address (bind(2)), all properties of the socket;
 * configurations use few. Echoes
 * go out from the caller, replies are matched to the waiting attempt by sequence number, source address
 * and the socket they arrived on (and identifier on a raw socket), timeouts run on the Netty event loops.
 * Sockets are opened on first use so a config without PING_CHECK never needs CAP_NET_RAW or
 * ping_group_range. A bound socket whose send fails is retired and reopened by the next attempt, because
 * SO_BINDTODEVICE holds an interface index and an interface deleted and created again gets a new one, and a
 * source address may be removed and added again (keepalived opens a socket per check, so it recovers the
 * same way). A socket that cannot be set up (a bindto address this host lacks: EADDRNOTAVAIL) is not kept,
 * so each attempt fails with that error until the address exists.
 */
final class PingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PingService.class);
    private static final byte[] PAYLOAD = {'f', 'u', 'l', 'c', 'r', 'u', 'm', 0};
    private final EventLoopGroup group;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final int id = (int) (ProcessHandle.current().pid() & 0xffff);
    private final Map<LaneKey, Lane> lanes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What makes two checks need different sockets. */
    private record LaneKey(IcmpFamily family, int fwmark, Optional<String> bindIf, Optional<InetAddress> source) {
        String threadName() {
            return "fulcrum-ping" + (family == IcmpFamily.IPV6 ? "6" : "") + (fwmark == 0 ? "" : "-mark-" + fwmark)
                    + bindIf.map(i -> "-if-" + i).orElse("") + source.map(a -> "-from-" + a.getHostAddress()).orElse("");
        }

        boolean bound() {
            return bindIf.isPresent() || source.isPresent();
        }
    }

    /** One socket and the thread that reads its replies. */
    private record Lane(LaneKey key, IcmpEchoSocket socket, Thread receiver) {
    }

    private record Pending(InetAddress target, IcmpEchoSocket socket, Attempt attempt) {
    }

    PingService(EventLoopGroup group) {
        this.group = group;
    }

    private synchronized Lane lane(LaneKey key) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        Lane lane = lanes.get(key);
        if (lane == null) {
            IcmpEchoSocket socket = IcmpEchoSocket.open(key.family());
            try {
                if (key.fwmark() != 0) {
                    socket.mark(key.fwmark());
                }
                if (key.bindIf().isPresent()) {
                    socket.bindToDevice(key.bindIf().get());
                }
                if (key.source().isPresent()) {
                    socket.bind(key.source().get());
                }
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            Thread receiver = new Thread(() -> receive(key, socket), key.threadName());
            receiver.setDaemon(true);
            lane = new Lane(key, socket, receiver);
            lanes.put(key, lane);
            receiver.start();
        }
        return lane;
    }

    /**
     * One echo to {@code target} from a socket of its family, with SO_MARK {@code fwmark}, bound to
     * interface {@code bindIf} and to source address {@code source}.
     */
    void ping(InetAddress target, int fwmark, Optional<String> bindIf, Optional<InetAddress> source, long timeoutMs, Attempt a) {
        int seq = sequence.incrementAndGet() & 0xffff;
        Lane lane = null;
        try {
            lane = lane(new LaneKey(IcmpFamily.of(target), fwmark, bindIf, source));
            pending.put(seq, new Pending(target, lane.socket(), a));
            group.next().schedule(() -> {
                if (pending.remove(seq) != null) {
                    a.fail("timeout");
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
            lane.socket().sendEcho(target, id, seq, PAYLOAD);
        } catch (IOException | RuntimeException e) {
            pending.remove(seq);
            if (lane != null && lane.key().bound()) {
                retire(lane);
            }
            a.fail(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Drops a lane so the next attempt opens a fresh socket; its receiver closes the old one. */
    private synchronized void retire(Lane lane) {
        if (lanes.remove(lane.key(), lane)) {
            LOG.info("ICMP socket {} retired after a send failure; the next check opens a new one", lane.key().threadName());
        }
    }

    /** False once the lane of {@code socket} has been retired (or replaced). */
    private boolean current(LaneKey key, IcmpEchoSocket socket) {
        Lane lane = lanes.get(key);
        return lane != null && lane.socket() == socket;
    }

    private void receive(LaneKey key, IcmpEchoSocket socket) {
        while (!closed && current(key, socket)) {
            try {
                Optional<IcmpEchoSocket.EchoReply> r = socket.receive(200);
                if (r.isEmpty()) {
                    continue;
                }
                IcmpEchoSocket.EchoReply reply = r.get();
                if (socket.raw() && reply.id() != id) {
                    continue;
                }
                Pending p = pending.get(reply.sequence());
                if (p != null && p.socket() == socket && p.target().equals(reply.from()) && pending.remove(reply.sequence(), p)) {
                    p.attempt().succeed();
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("ICMP receive failed on {}: {}", key.threadName(), e.getMessage());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
        socket.close(); // retired or shut down: nobody sends on it any more
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Lane lane : lanes.values()) {
            try {
                lane.receiver().join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lane.socket().close();
        }
        lanes.clear();
        pending.values().forEach(p -> p.attempt().fail("closed"));
        pending.clear();
    }
}

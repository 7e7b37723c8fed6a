package dev.fulcrum.healthcheck.check;

import dev.fulcrum.net.icmp.IcmpEchoSocket;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All PING_CHECKs with the same fwmark share one ICMP socket and one receiving thread (SO_MARK is a
 * property of the socket, so each distinct fwmark gets its own; configurations use few): echoes go out
 * from the caller, replies are matched to the waiting attempt by sequence number (and identifier on a
 * raw socket), timeouts run on the Netty event loops. Sockets are opened on first use so a config
 * without PING_CHECK never needs CAP_NET_RAW or ping_group_range.
 */
final class PingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PingService.class);
    private final EventLoopGroup group;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final int id = (int) (ProcessHandle.current().pid() & 0xffff);
    private final Map<Integer, Lane> lanes = new java.util.HashMap<>();
    private volatile boolean closed;

    /** One socket (one fwmark) and the thread that reads its replies. */
    private record Lane(IcmpEchoSocket socket, Thread receiver) {
    }

    private record Pending(Inet4Address target, Attempt attempt) {
    }

    PingService(EventLoopGroup group) {
        this.group = group;
    }

    private synchronized IcmpEchoSocket socket(int fwmark) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        Lane lane = lanes.get(fwmark);
        if (lane == null) {
            IcmpEchoSocket socket = IcmpEchoSocket.open();
            try {
                if (fwmark != 0) {
                    socket.mark(fwmark);
                }
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            Thread receiver = new Thread(() -> receive(socket), fwmark == 0 ? "fulcrum-ping" : "fulcrum-ping-mark-" + fwmark);
            receiver.setDaemon(true);
            lane = new Lane(socket, receiver);
            lanes.put(fwmark, lane);
            receiver.start();
        }
        return lane.socket();
    }

    void ping(Inet4Address target, int fwmark, long timeoutMs, Attempt a) {
        int seq = sequence.incrementAndGet() & 0xffff;
        try {
            IcmpEchoSocket s = socket(fwmark);
            pending.put(seq, new Pending(target, a));
            group.next().schedule(() -> {
                if (pending.remove(seq) != null) {
                    a.fail("timeout");
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
            s.sendEcho(target, id, seq, new byte[] {'f', 'u', 'l', 'c', 'r', 'u', 'm', 0});
        } catch (IOException | RuntimeException e) {
            pending.remove(seq);
            a.fail(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void receive(IcmpEchoSocket socket) {
        while (!closed) {
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
                if (p != null && p.target().equals(reply.from()) && pending.remove(reply.sequence(), p)) {
                    p.attempt().succeed();
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("ICMP receive failed: {}", e.getMessage());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
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

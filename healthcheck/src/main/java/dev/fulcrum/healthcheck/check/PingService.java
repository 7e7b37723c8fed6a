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
 * All PING_CHECKs share one ICMP socket and one receiving thread: echoes go out from the caller,
 * replies are matched to the waiting attempt by sequence number (and identifier on a raw socket),
 * timeouts run on the Netty event loops. The socket is opened on first use so a config without
 * PING_CHECK never needs CAP_NET_RAW or ping_group_range.
 */
final class PingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PingService.class);
    private final EventLoopGroup group;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final int id = (int) (ProcessHandle.current().pid() & 0xffff);
    private IcmpEchoSocket socket;
    private Thread receiver;
    private volatile boolean closed;

    private record Pending(Inet4Address target, Attempt attempt) {
    }

    PingService(EventLoopGroup group) {
        this.group = group;
    }

    private synchronized IcmpEchoSocket socket() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        if (socket == null) {
            socket = IcmpEchoSocket.open();
            receiver = new Thread(this::receive, "fulcrum-ping");
            receiver.setDaemon(true);
            receiver.start();
        }
        return socket;
    }

    void ping(Inet4Address target, long timeoutMs, Attempt a) {
        int seq = sequence.incrementAndGet() & 0xffff;
        try {
            IcmpEchoSocket s = socket();
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

    private void receive() {
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
        if (receiver != null) {
            try {
                receiver.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket != null) {
            socket.close();
        }
        pending.values().forEach(p -> p.attempt().fail("closed"));
        pending.clear();
    }
}

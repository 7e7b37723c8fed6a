package dev.fulcrum.healthcheck.check;

import static dev.fulcrum.healthcheck.check.Specs.local;
import static dev.fulcrum.healthcheck.check.Specs.timing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TCP, SMTP, UDP, DNS, PING, FILE and MISC checkers against real loopback servers and processes. */
@Tag("netns")
class OtherCheckersIT {
    static NettyCheckers runtime;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckers(2);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static CheckOutcome once(CheckerSpec spec) throws Exception {
        return runtime.create(spec).run(Checker.ALL_STEPS).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static String reason(CheckOutcome o) {
        return o instanceof CheckOutcome.Failure f ? f.reason() : "ok";
    }

    // ---- TCP_CHECK

    @Test
    void tcpConnectsFromTheBoundSourceAddressAndPortWithAMark() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            int bindPort = LoopbackFixtures.freePort();
            Connection c = new Connection(new InetSocketAddress("127.0.0.1", ss.getLocalPort()),
                    Optional.of(InetAddress.getByName("127.0.0.2")), bindPort, 77);
            CheckOutcome o = once(new CheckerSpec.Tcp(timing(1000), c));
            assertTrue(o.ok(), reason(o));
            ss.setSoTimeout(2000);
            try (Socket accepted = ss.accept()) {
                assertEquals("127.0.0.2", accepted.getInetAddress().getHostAddress(), "bindto");
                assertEquals(bindPort, accepted.getPort(), "bind_port");
            }
        }
    }

    @Test
    void fwmarkIsSetWithSoMarkOnTheCheckersSocket() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            Connection c = new Connection(new InetSocketAddress("127.0.0.1", ss.getLocalPort()), Optional.empty(), 0, 4242);
            io.netty.channel.Channel ch = NettyCheckers.connect(runtime.tcp(c, Duration.ofSeconds(1),
                    new io.netty.channel.ChannelInboundHandlerAdapter()), c).sync().channel();
            try {
                assertEquals(4242, ch.config().getOption(NettyCheckers.SO_MARK), "getsockopt(SO_MARK) on the checker's socket");
            } finally {
                ch.close().sync();
            }
        }
    }

    @Test
    void tcpRefused() throws Exception {
        assertEquals("refused", reason(once(new CheckerSpec.Tcp(timing(1000), local(LoopbackFixtures.freePort())))));
    }

    // ---- SMTP_CHECK

    @Test
    void smtpDialogue() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.SMTP)) {
            CheckOutcome o = once(new CheckerSpec.Smtp(timing(1000), local(s.port()), "lb.test"));
            assertTrue(o.ok(), reason(o));
            s.mode = HostileServer.Mode.SMTP_REFUSING;
            assertEquals("greeting 554", reason(once(new CheckerSpec.Smtp(timing(1000), local(s.port()), "lb.test"))));
            s.mode = HostileServer.Mode.HANG;
            assertEquals("timeout", reason(once(new CheckerSpec.Smtp(timing(300), local(s.port()), "lb.test"))));
        }
    }

    // ---- UDP_CHECK and DNS_CHECK

    /** A UDP server on 127.0.0.1 answering each datagram with {@code reply.apply(request)} (null: stay silent). */
    static final class UdpServer implements AutoCloseable {
        final DatagramSocket socket;
        final Thread thread;

        UdpServer(UnaryOperator<byte[]> reply) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            socket.setSoTimeout(100);
            thread = new Thread(() -> {
                byte[] buf = new byte[2048];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!socket.isClosed() && System.nanoTime() < deadline) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        byte[] r = reply.apply(Arrays.copyOf(p.getData(), p.getLength()));
                        if (r != null) {
                            socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // poll again
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(2000);
        }
    }

    static CheckerSpec.Udp udp(int port, String payload, String require, int min, int max) {
        return new CheckerSpec.Udp(timing(500), local(port), Optional.ofNullable(payload), Optional.ofNullable(require), min, max);
    }

    @Test
    void udpRequireReplyWithWildcards() throws Exception {
        try (UdpServer s = new UdpServer(req -> new byte[] {(byte) 0xAB, 0x12, 0x0F, 0x03, 0x45})) {
            assertTrue(once(udp(s.port(), "01 02", "AB 1X 0F", 0, 255)).ok());
            assertEquals("reply mismatch", reason(once(udp(s.port(), "01 02", "AB 13", 0, 255))));
            assertEquals("reply of 5 bytes shorter than 12", reason(once(udp(s.port(), "01", "", 12, 255))));
            assertEquals("reply of 5 bytes longer than 4", reason(once(udp(s.port(), "01", "", 0, 4))));
        }
    }

    @Test
    void udpSilenceIsOkWithoutRequireReplyAndATimeoutWithIt() throws Exception {
        try (UdpServer s = new UdpServer(req -> null)) {
            CheckOutcome o = once(udp(s.port(), "01", null, 0, 255));
            assertTrue(o.ok(), reason(o));
            assertTrue(o.latency().compareTo(Duration.ofMillis(450)) >= 0, "waited for an ICMP error: " + o.latency());
            assertEquals("timeout (no reply)", reason(once(udp(s.port(), "01", "", 0, 255))));
        }
    }

    @Test
    void udpClosedPortIsPortUnreachable() throws Exception {
        int port;
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = d.getLocalPort();
        }
        assertEquals("port unreachable", reason(once(udp(port, "01", null, 0, 255))));
    }

    static byte[] dnsAnswer(byte[] q, int rcode, int ancount) {
        byte[] r = Arrays.copyOf(q, q.length);
        r[2] = (byte) 0x81;
        r[3] = (byte) (0x80 | rcode);
        r[7] = (byte) ancount;
        return r; // an answer count without records is enough for the header check
    }

    @Test
    void dnsNeedsMatchingIdNoErrorAndAnAnswer() throws Exception {
        int[] rcode = {0};
        int[] ancount = {1};
        try (UdpServer s = new UdpServer(q -> dnsAnswer(q, rcode[0], ancount[0]))) {
            CheckerSpec.Dns spec = new CheckerSpec.Dns(timing(500), local(s.port()), "A", "www.example.net");
            assertTrue(once(spec).ok());
            rcode[0] = 3;
            assertEquals("rcode NXDOMAIN", reason(once(spec)));
            rcode[0] = 0;
            ancount[0] = 0;
            assertEquals("no answer", reason(once(spec)));
        }
        try (UdpServer wrongId = new UdpServer(q -> {
            byte[] r = dnsAnswer(q, 0, 1);
            r[0] ^= 0x55;
            return r;
        })) {
            assertEquals("timeout", reason(once(new CheckerSpec.Dns(timing(300), local(wrongId.port()), "SOA", "."))));
        }
    }

    // ---- PING_CHECK

    @Test
    void pingLoopbackManyAtOnceOverOneSocket() throws Exception {
        var checks = new java.util.ArrayList<java.util.concurrent.CompletableFuture<CheckOutcome>>();
        for (int i = 1; i <= 50; i++) {
            checks.add(runtime.create(new CheckerSpec.Ping(timing(2000), Connection.to(new InetSocketAddress("127.0.0." + i, 0))))
                    .run(Checker.ALL_STEPS).toCompletableFuture());
        }
        for (var c : checks) {
            CheckOutcome o = c.get(10, TimeUnit.SECONDS);
            assertTrue(o.ok(), reason(o));
        }
        CheckOutcome v6 = once(new CheckerSpec.Ping(timing(2000), Connection.to(new InetSocketAddress("::1", 0))));
        assertTrue(v6.ok(), "ICMPv6 to ::1: " + reason(v6));
    }

    @Test
    void pingFwmarkIsOnTheEchoes() throws Exception {
        // a firewall rule that drops only echoes carrying mark 0x4243: the marked check must time out
        int mark = 0x4243;
        String table = "h3pingmark";
        org.junit.jupiter.api.Assumptions.assumeTrue(sh("nft", "add", "table", "inet", table) == 0, "nft needed");
        try {
            assertEquals(0, sh("nft", "add", "chain", "inet", table, "out", "{ type filter hook output priority 0 ; }"));
            assertEquals(0, sh("nft", "add", "rule", "inet", table, "out", "meta", "mark", Integer.toString(mark), "icmp", "type", "echo-request", "drop"));
            Connection marked = new Connection(new InetSocketAddress("127.0.0.1", 0), java.util.Optional.empty(), 0, mark);
            // netfilter's drop on output answers the sender with EPERM
            assertEquals("sendto 127.0.0.1: Operation not permitted", reason(once(new CheckerSpec.Ping(timing(500), marked))));
            assertTrue(once(new CheckerSpec.Ping(timing(2000), Connection.to(new InetSocketAddress("127.0.0.1", 0)))).ok(), "unmarked echoes pass");
            Connection other = new Connection(new InetSocketAddress("127.0.0.1", 0), java.util.Optional.empty(), 0, mark + 1);
            assertTrue(once(new CheckerSpec.Ping(timing(2000), other)).ok(), "another mark passes");
        } finally {
            sh("nft", "delete", "table", "inet", table);
        }
    }

    static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    // ---- FILE_CHECK

    @Test
    void fileValueWeightReverseAndDynamic() throws Exception {
        Path f = tmp.resolve("flag");
        Files.writeString(f, "0\n");
        CheckerSpec.File zero = new CheckerSpec.File(timing(1000), "flag", f, 0, false, false);
        assertTrue(once(zero).ok());
        Files.writeString(f, "3\n");
        assertEquals("file value 3", reason(once(zero)));
        CheckOutcome dyn = once(new CheckerSpec.File(timing(1000), "flag", f, 5, true, true));
        assertEquals(new CheckOutcome.DynamicWeight.Add(-15), ((CheckOutcome.Success) dyn).weight());
        assertEquals("file value 3", reason(once(new CheckerSpec.File(timing(1000), "flag", f, 5, true, false))));
        assertTrue(reason(once(new CheckerSpec.File(timing(1000), "x", tmp.resolve("missing"), 0, false, false))).startsWith("cannot read"));
    }

    // ---- MISC_CHECK

    static CheckerSpec.Misc misc(String path, long timeoutMs, boolean dynamic) {
        return new CheckerSpec.Misc(timing(1000), path, Duration.ofMillis(timeoutMs), dynamic, Optional.empty(), Optional.empty());
    }

    @Test
    void miscExitCodes() throws Exception {
        assertTrue(once(misc("/bin/true", 5000, false)).ok());
        assertEquals("exit 1", reason(once(misc("/bin/false", 5000, false))));
        assertEquals("exit 7", reason(once(misc("/bin/sh -c 'exit 7'", 5000, false))));
        CheckOutcome dyn = once(misc("/bin/sh -c 'exit 255'", 5000, true));
        assertEquals(new CheckOutcome.DynamicWeight.SetTo(253), ((CheckOutcome.Success) dyn).weight());
        assertTrue(reason(once(misc("/nonexistent/check", 5000, false))).startsWith("exit"), "setsid reports exec failure as an exit status");
    }

    @Test
    void miscRunsAsScriptUser() throws Exception {
        Path out = tmp.resolve("whoami");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        CheckerSpec.Misc spec = new CheckerSpec.Misc(timing(1000), "/bin/sh -c 'id -un > " + out + "'", Duration.ofSeconds(5), false,
                Optional.of("nobody"), Optional.of("nogroup"));
        CheckOutcome o = once(spec);
        assertTrue(o.ok(), reason(o));
        assertEquals("nobody", Files.readString(out).trim());
    }

    @Test
    void miscTimeoutKillsTheWholeProcessGroup() throws Exception {
        String marker = "fulcrum-misc-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        // the script forks a grandchild that would outlive a plain kill of the script
        CheckOutcome o = once(misc("/bin/sh -c 'sleep 30 & exec sleep 31' " + marker, 300, false));
        assertEquals("timeout after 300 ms", reason(o));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long left;
        do {
            Thread.sleep(50);
            left = ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false)
                    || p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).count();
            left += ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.equals("sleep 30") || c.equals("/usr/bin/sleep 30")).orElse(false)
                    && p.parent().map(pp -> pp.pid() == 1).orElse(true)).count();
        } while (left > 0 && System.nanoTime() < deadline);
        assertEquals(0, left, "no process of the script's group survives");
    }
}

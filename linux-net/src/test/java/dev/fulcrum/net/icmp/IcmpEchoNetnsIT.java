package dev.fulcrum.net.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.lab.NetnsLab;
import dev.fulcrum.net.libc.LibC;
import dev.fulcrum.net.ns.NetNamespace;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Echo sockets of both families inside a lab: host "ping" may open ping sockets (ping_group_range set),
 * host "raw" may not and falls back to raw sockets; "tgt" answers on 2001:db8::3, 192.0.2.3 and fe80::3.
 * Host "ping" also has hc1 on an empty segment, with a worse route to the lab prefixes through it, so a
 * socket bound to hc1 sends its echoes where nobody answers.
 */
@Tag("netns")
class IcmpEchoNetnsIT {
    static NetnsLab lab;
    static final InetAddress TGT6 = addr("2001:db8::3");
    static final InetAddress TGT4 = addr("192.0.2.3");
    static final InetAddress NOBODY6 = addr("2001:db8::99");
    static final InetAddress LINK_LOCAL = addr("fe80::3");

    @BeforeAll
    static void up() {
        lab = NetnsLab.fromSpec("hcicmp", List.of(
                "segment lan",
                "segment empty",
                "host ping",
                "link ping lan hc0 192.0.2.1/24 2001:db8::1/64",
                "addr ping hc0 fe80::1/64",
                "link ping empty hc1 198.51.100.1/24 2001:db8:1::1/64",
                "route ping 2001:db8::/64 dev hc1 metric 2048",
                "route ping 192.0.2.0/24 dev hc1 metric 2048",
                "host raw",
                "link raw lan hc0 192.0.2.2/24 2001:db8::2/64",
                "addr raw hc0 fe80::2/64",
                "host tgt",
                "link tgt lan hc0 192.0.2.3/24 2001:db8::3/64",
                "addr tgt hc0 fe80::3/64"));
        assertTrue(lab.exec("ping", "sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647").ok());
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void pingAndRawSocketsOfBothFamiliesGetTheirReplies() throws Exception {
        for (String host : List.of("ping", "raw")) {
            for (InetAddress to : List.of(TGT6, TGT4)) {
                Optional<IcmpEchoSocket.EchoReply> r = in(host, () -> {
                    try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.of(to))) {
                        assertEquals(host.equals("raw"), s.raw(), host + " opens a " + (s.raw() ? "raw" : "ping") + " socket");
                        assertEquals(IcmpFamily.of(to), s.family());
                        s.sendEcho(to, 0x5151, 77, new byte[] {'h', 'C'});
                        return awaitReply(s, 77, 3000);
                    }
                });
                assertTrue(r.isPresent(), host + " -> " + to.getHostAddress() + ": a reply");
                assertEquals(to, r.get().from());
                if (host.equals("raw")) {
                    assertEquals(0x5151, r.get().id(), "a raw socket keeps our identifier");
                }
            }
        }
    }

    @Test
    void anAddressNobodyHoldsNeverAnswers() throws Exception {
        for (String host : List.of("ping", "raw")) {
            Optional<IcmpEchoSocket.EchoReply> r = in(host, () -> {
                try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.IPV6)) {
                    s.sendEcho(NOBODY6, 1, 5, new byte[0]);
                    // neighbour discovery gives up after ~3 s and reports "address unreachable" to the
                    // socket: receive() must not throw for it
                    return awaitReply(s, 5, 4500);
                }
            });
            assertFalse(r.isPresent(), host + ": no reply from " + NOBODY6.getHostAddress());
        }
    }

    @Test
    void aLinkLocalTargetIsReachedWithItsScopeIdOrOnABoundDevice() throws Exception {
        for (String host : List.of("ping", "raw")) {
            in(host, () -> {
                int hc0 = LibC.INSTANCE.if_nametoindex("hc0");
                assertTrue(hc0 > 0);
                try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.IPV6)) {
                    Inet6Address scoped = Inet6Address.getByAddress(null, LINK_LOCAL.getAddress(), hc0);
                    s.sendEcho(scoped, 1, 2, new byte[0]);
                    Optional<IcmpEchoSocket.EchoReply> r = awaitReply(s, 2, 3000);
                    assertTrue(r.isPresent(), host + ": fe80::3%hc0 answers");
                    assertEquals(LINK_LOCAL, r.get().from());
                    assertEquals(hc0, ((Inet6Address) r.get().from()).getScopeId(), "the reply names its interface");
                }
                try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.IPV6)) {
                    s.bindToDevice("hc0");
                    s.sendEcho(LINK_LOCAL, 1, 3, new byte[0]);
                    assertTrue(awaitReply(s, 3, 3000).isPresent(), host + ": fe80::3 without a scope id on a socket bound to hc0");
                }
                return null;
            });
        }
    }

    @Test
    void aSocketBoundToAnInterfaceSendsThroughItWhateverTheRoutesSay() throws Exception {
        for (InetAddress to : List.of(TGT6, TGT4)) {
            in("ping", () -> {
                String what = to.getHostAddress();
                try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.of(to))) {
                    s.sendEcho(to, 1, 10, new byte[0]);
                    assertTrue(awaitReply(s, 10, 3000).isPresent(), what + " unbound: the best route, through hc0");
                }
                try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.of(to))) {
                    s.bindToDevice("hc0");
                    s.sendEcho(to, 1, 11, new byte[0]);
                    assertTrue(awaitReply(s, 11, 3000).isPresent(), what + " bound to hc0");
                }
                try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.of(to))) {
                    s.bindToDevice("hc1");
                    s.sendEcho(to, 1, 12, new byte[0]);
                    assertFalse(awaitReply(s, 12, 1500).isPresent(), what + " bound to hc1: out to the empty segment");
                }
                try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.of(to))) {
                    IOException e = assertThrows(IOException.class, () -> s.bindToDevice("hcnosuch"));
                    assertTrue(e.getMessage().contains("No such device"), e.getMessage());
                }
                return null;
            });
        }
    }

    /** Reads replies until one carries {@code sequence} or {@code waitMs} pass. */
    static Optional<IcmpEchoSocket.EchoReply> awaitReply(IcmpEchoSocket s, int sequence, long waitMs) throws IOException {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<IcmpEchoSocket.EchoReply> r = s.receive(100);
            if (r.isPresent() && r.get().sequence() == sequence) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** Runs {@code body} on a fresh thread inside the lab host's namespace (the test thread stays put). */
    static <T> T in(String host, Callable<T> body) throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "hc-netns-" + host));
        try {
            return ex.submit(() -> {
                new NetNamespace(lab.namespace(host)).enterOnThisThread();
                return body.call();
            }).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw (Error) e.getCause();
        } finally {
            ex.shutdownNow();
        }
    }

    static InetAddress addr(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

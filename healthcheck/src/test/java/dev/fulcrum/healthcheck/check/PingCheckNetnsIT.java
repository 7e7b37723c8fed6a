package dev.fulcrum.healthcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.CheckScheduler;
import dev.fulcrum.healthcheck.engine.EventLoopTaskTimer;
import dev.fulcrum.healthcheck.engine.HealthEvent;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import dev.fulcrum.lab.NetnsLab;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PING_CHECK over IPv6 and with bind_if, inside a lab. Two checker hosts, "raw" (no ping sockets in its
 * namespace: raw sockets) and "dgram" (ping_group_range open: ping sockets), reach the real server "rs"
 * on 2001:db8::2 / 192.0.2.2 (and "rs2" on 2001:db8::5) through hc0; each also has hc1 on an empty segment with a worse route to the
 * same prefixes, so a check bound to hc1 sends its echoes where nobody answers.
 */
@Tag("netns")
class PingCheckNetnsIT {
    static final Duration TIMEOUT = Duration.ofMillis(400);
    static NetnsLab lab;
    static final Map<String, NetnsCheckers> checkers = new ConcurrentHashMap<>();

    @BeforeAll
    static void up() throws Exception {
        lab = NetnsLab.fromSpec("hcping", List.of(
                "segment lan",
                "segment empty",
                "host rs",
                "link rs lan hc0 192.0.2.2/24 2001:db8::2/64",
                "host rs2",
                "link rs2 lan hc0 2001:db8::5/64",
                "host raw",
                "link raw lan hc0 192.0.2.3/24 2001:db8::3/64",
                "link raw empty hc1 198.51.100.3/24 2001:db8:1::3/64",
                "route raw 2001:db8::/64 dev hc1 metric 2048",
                "route raw 192.0.2.0/24 dev hc1 metric 2048",
                "host dgram",
                "link dgram lan hc0 192.0.2.4/24 2001:db8::4/64",
                "link dgram empty hc1 198.51.100.4/24 2001:db8:1::4/64",
                "route dgram 2001:db8::/64 dev hc1 metric 2048",
                "route dgram 192.0.2.0/24 dev hc1 metric 2048"));
        assertTrue(lab.exec("dgram", "sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647").ok());
        for (String host : List.of("raw", "dgram")) {
            checkers.put(host, new NetnsCheckers(lab.namespace(host)));
        }
    }

    @AfterAll
    static void down() {
        checkers.values().forEach(NetnsCheckers::close);
        if (lab != null) {
            lab.close();
        }
    }

    static CheckerSpec.Ping ping(String target, Optional<String> bindIf) {
        CheckTiming t = new CheckTiming(Duration.ofSeconds(1), TIMEOUT, 1, Duration.ofMillis(200), Duration.ZERO, false);
        return new CheckerSpec.Ping(t, new Connection(new InetSocketAddress(target, 0), Optional.empty(), 0, 0, bindIf));
    }

    static String reason(CheckOutcome o) {
        return o instanceof CheckOutcome.Failure f ? f.reason() : "ok";
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "dgram"})
    void bothFamiliesAnswerAndAnAddressNobodyHoldsTimesOut(String host) throws Exception {
        NetnsCheckers c = checkers.get(host);
        assertEquals("ok", reason(c.once(ping("2001:db8::2", Optional.empty()))), "IPv6");
        assertEquals("ok", reason(c.once(ping("192.0.2.2", Optional.empty()))), "IPv4 next to it");
        assertEquals("timeout", reason(c.once(ping("2001:db8::99", Optional.empty()))));
        assertEquals("ok", reason(c.once(ping("2001:db8::2", Optional.empty()))), "the socket survived the unreachable error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "dgram"})
    void bindIfKeepsTheCheckOnItsInterface(String host) throws Exception {
        NetnsCheckers c = checkers.get(host);
        for (String target : List.of("2001:db8::2", "192.0.2.2")) {
            assertEquals("ok", reason(c.once(ping(target, Optional.of("hc0")))), target + " bound to the right interface");
            assertEquals("timeout", reason(c.once(ping(target, Optional.of("hc1")))), target + " bound to the wrong interface");
            assertEquals("ok", reason(c.once(ping(target, Optional.empty()))), target + " unbound: the best route");
            String missing = reason(c.once(ping(target, Optional.of("hcnosuch"))));
            assertTrue(missing.contains("No such device"), missing);
        }
    }

    @Test
    void aBoundCheckRecoversWhenItsInterfaceIsCreatedAgain() throws Exception {
        NetnsCheckers c = checkers.get("raw");
        CheckerSpec.Ping spec = ping("2001:db8:2::2", Optional.of("hc2"));
        link(true);
        try {
            assertEquals("ok", reason(c.once(spec)));
            link(false);
            CheckOutcome gone = c.once(spec);
            assertFalse(gone.ok(), "the interface is gone: " + reason(gone));
            link(true);
            // the attempt that failed has retired the socket bound to the old interface index
            assertEquals("ok", reason(c.once(spec)), "a new hc2 is a new interface index");
        } finally {
            link(false);
        }
    }

    /** A veth hc2 (raw) - hc3 (rs) with 2001:db8:2::/64 on it, created or deleted. */
    static void link(boolean create) {
        if (!create) {
            lab.exec("raw", "ip", "link", "del", "hc2"); // may be gone already
            return;
        }
        String rs = lab.namespace("rs");
        assertTrue(lab.exec("raw", "ip", "link", "add", "hc2", "type", "veth", "peer", "name", "hc3", "netns", rs).ok());
        assertTrue(lab.exec("raw", "ip", "addr", "add", "2001:db8:2::1/64", "dev", "hc2", "nodad").ok());
        assertTrue(lab.exec("raw", "ip", "link", "set", "hc2", "up").ok());
        assertTrue(lab.exec("rs", "ip", "addr", "add", "2001:db8:2::2/64", "dev", "hc3", "nodad").ok());
        assertTrue(lab.exec("rs", "ip", "link", "set", "hc3", "up").ok());
    }

    /**
     * keepalived's rules on real echoes: a server that never answers is down after its first attempt
     * (start without alpha), one that stops answering goes down after exactly retry + 1 attempts that
     * each timed out, and the one that answers stays up.
     */
    @Test
    void anIpv6ServerThatStopsAnsweringGoesDownAfterRetryPlusOneTimeouts() throws Exception {
        int retry = 2;
        CheckTiming t = new CheckTiming(Duration.ofSeconds(1), TIMEOUT, retry, Duration.ofMillis(300), Duration.ZERO, false);
        List<RealServerSpec> servers = List.of(
                server("up", "2001:db8::2", t),
                server("silenced", "2001:db8::5", t),
                server("never", "2001:db8::98", t));
        AttemptLog attempts = new AttemptLog();
        Map<String, Long> failuresAtEvent = new ConcurrentHashMap<>();
        Map<String, HealthEvent.ServerChanged> events = new ConcurrentHashMap<>();
        List<HealthEvent.ServerChanged> allEvents = new CopyOnWriteArrayList<>();
        NettyCheckers runtime = checkers.get("raw").runtime;
        CheckScheduler scheduler = new CheckScheduler(new CheckPlan(servers), attempts.recording(runtime, servers),
                new EventLoopTaskTimer(runtime.group().next()), e -> {
            if (e instanceof HealthEvent.ServerChanged sc) {
                String id = sc.server().id();
                failuresAtEvent.put(id, list(attempts, id).stream().filter(o -> !o.ok()).count());
                events.putIfAbsent(id, sc);
                allEvents.add(sc);
            }
        }, new SimpleMeterRegistry(), new Random(6));
        long deadline = System.nanoTime() + 30_000_000_000L;
        try {
            scheduler.start();
            while (!(events.containsKey("never") && ok(attempts, "silenced") >= 1 && ok(attempts, "up") >= 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1L, failuresAtEvent.get("never"), "never answered: down at its first failure");
            assertEquals("timeout", events.get("never").reason());
            assertTrue(lab.exec("rs2", "sysctl", "-q", "-w", "net.ipv6.icmp.echo_ignore_all=1").ok());
            while (!events.containsKey("silenced") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int upBefore = list(attempts, "up").size();
            while (list(attempts, "up").size() < upBefore + 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            scheduler.close();
            lab.exec("rs2", "sysctl", "-q", "-w", "net.ipv6.icmp.echo_ignore_all=0");
        }
        assertEquals(2, allEvents.size(), "one change each for never and silenced, none for up: " + allEvents);
        assertEquals(java.util.Set.of("never", "silenced"), events.keySet());
        HealthEvent.ServerChanged down = events.get("silenced");
        assertFalse(down.alive());
        assertEquals("timeout", down.reason());
        assertEquals((long) retry + 1, failuresAtEvent.get("silenced"), "down after retry + 1 failed attempts");
        list(attempts, "silenced").stream().filter(o -> !o.ok()).forEach(o -> assertEquals("timeout", reason(o)));
        assertTrue(list(attempts, "up").size() >= 2, "up was checked more than once");
        list(attempts, "up").forEach(o -> assertTrue(o.ok(), "up: " + reason(o)));
    }

    static List<CheckOutcome> list(AttemptLog attempts, String id) {
        return attempts.outcomes(id);
    }

    static long ok(AttemptLog attempts, String id) {
        return list(attempts, id).stream().filter(CheckOutcome::ok).count();
    }

    static RealServerSpec server(String id, String address, CheckTiming t) {
        InetSocketAddress a = new InetSocketAddress(address, 0);
        return new RealServerSpec("VS", id, a, 1, List.of(new CheckerSpec.Ping(t, Connection.to(a))));
    }
}

package dev.fulcrum.healthcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.lab.NetnsLab;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PING_CHECK {@code bindto}: the echo leaves from the configured source address. Two director hosts, "raw"
 * (raw sockets) and "dgram" (ping sockets), each hold a primary and a second address (IPv6: deprecated, so
 * never chosen as a source by itself) on the segment the
 * real server "rs" is on; rs counts, with nftables, the echo requests that arrive from each second address,
 * so a check without bindto (which leaves from the primary) and one bound to the second address are told
 * apart by what the target actually saw.
 */
@Tag("netns")
class PingBindtoNetnsIT {
    static final Duration TIMEOUT = Duration.ofMillis(400);
    static NetnsLab lab;
    static final Map<String, NetnsCheckers> checkers = new ConcurrentHashMap<>();
    /** Per director host: its second IPv4 and IPv6 address, the bindto sources. */
    static final Map<String, List<String>> SOURCES = Map.of(
            "raw", List.of("192.0.2.30", "2001:db8::30"),
            "dgram", List.of("192.0.2.40", "2001:db8::40"));

    @BeforeAll
    static void up() throws Exception {
        lab = NetnsLab.fromSpec("rxping", List.of(
                "segment lan",
                "host rs",
                "link rs lan rx0 192.0.2.2/24 2001:db8::2/64",
                "host raw",
                "link raw lan rx0 192.0.2.3/24 2001:db8::3/64",
                "addr raw rx0 192.0.2.30/24",
                "host dgram",
                "link dgram lan rx0 192.0.2.4/24 2001:db8::4/64",
                "addr dgram rx0 192.0.2.40/24"));
        for (String host : SOURCES.keySet()) {
            // deprecated (preferred_lft 0): IPv6 source selection avoids it, so only a bound socket uses it
            var r = lab.exec(host, "ip", "addr", "add", SOURCES.get(host).get(1) + "/64", "dev", "rx0", "nodad", "preferred_lft", "0");
            assertTrue(r.ok(), r.toString());
        }
        assertTrue(lab.exec("dgram", "sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647").ok());
        StringBuilder rules = new StringBuilder("table inet rxcount {\n chain in {\n  type filter hook input priority 0;\n");
        for (List<String> s : SOURCES.values()) {
            rules.append("  ip saddr ").append(s.get(0)).append(" icmp type echo-request counter\n");
            rules.append("  ip6 saddr ").append(s.get(1)).append(" icmpv6 type echo-request counter\n");
        }
        rules.append(" }\n}\n");
        java.nio.file.Path f = java.nio.file.Files.createTempFile("rxcount", ".nft");
        try {
            java.nio.file.Files.writeString(f, rules);
            var r = lab.exec("rs", "nft", "-f", f.toString());
            assertTrue(r.ok(), r.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
        for (String host : SOURCES.keySet()) {
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

    static CheckerSpec.Ping ping(String target, Optional<String> bindTo) throws Exception {
        CheckTiming t = new CheckTiming(Duration.ofSeconds(1), TIMEOUT, 1, Duration.ofMillis(200), Duration.ZERO, false);
        Optional<InetAddress> source = bindTo.isPresent() ? Optional.of(InetAddress.getByName(bindTo.get())) : Optional.empty();
        return new CheckerSpec.Ping(t, new Connection(new InetSocketAddress(target, 0), source, 0, 0, Optional.empty()));
    }

    static String reason(CheckOutcome o) {
        return o instanceof CheckOutcome.Failure f ? f.reason() : "ok";
    }

    /** The packets rs has counted from {@code source} (its counter rule). */
    static long echoesFrom(String source) {
        var r = lab.exec("rs", "nft", "list", "chain", "inet", "rxcount", "in");
        assertTrue(r.ok(), r.toString());
        Matcher m = Pattern.compile("saddr " + Pattern.quote(source) + " .*counter packets (\\d+)").matcher(r.stdout());
        assertTrue(m.find(), r.stdout());
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "dgram"})
    void echoesLeaveFromTheBindtoAddress(String host) throws Exception {
        NetnsCheckers c = checkers.get(host);
        for (int family = 0; family < 2; family++) {
            String target = family == 0 ? "192.0.2.2" : "2001:db8::2";
            String source = SOURCES.get(host).get(family);
            long before = echoesFrom(source);
            assertEquals("ok", reason(c.once(ping(target, Optional.empty()))), target + " without bindto");
            assertEquals(before, echoesFrom(source), target + ": without bindto the echo leaves from the primary address");
            assertEquals("ok", reason(c.once(ping(target, Optional.of(source)))), target + " from " + source);
            assertEquals(before + 1, echoesFrom(source), target + ": rs saw exactly one echo from " + source);
            assertEquals("ok", reason(c.once(ping(target, Optional.of(source)))), "the bound socket is shared and kept");
            assertEquals(before + 2, echoesFrom(source));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "dgram"})
    void aBindtoAddressThisHostLacksFailsWithEaddrnotavail(String host) throws Exception {
        NetnsCheckers c = checkers.get(host);
        // per host, so that rs's neighbour cache never holds another host's MAC for it
        String last = host.equals("raw") ? "98" : "99";
        for (String missing : List.of("192.0.2." + last, "2001:db8::" + last)) {
            String target = missing.contains(":") ? "2001:db8::2" : "192.0.2.2";
            assertEquals("bind " + InetAddress.getByName(missing).getHostAddress() + ": Cannot assign requested address",
                    reason(c.once(ping(target, Optional.of(missing)))));
            // not cached: once the address exists, the same check works
            var add = missing.contains(":") ? lab.exec(host, "ip", "addr", "add", missing + "/64", "dev", "rx0", "nodad")
                    : lab.exec(host, "ip", "addr", "add", missing + "/24", "dev", "rx0");
            assertTrue(add.ok(), add.toString());
            try {
                assertEquals("ok", reason(c.once(ping(target, Optional.of(missing)))), "bound once the address is there");
            } finally {
                lab.exec(host, "ip", "addr", "del", missing + (missing.contains(":") ? "/64" : "/24"), "dev", "rx0");
            }
        }
    }
}

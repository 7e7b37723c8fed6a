package dev.fulcrum.healthcheck.check;

import static dev.fulcrum.healthcheck.check.Specs.http;
import static dev.fulcrum.healthcheck.check.Specs.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP_GET against busybox httpd and against servers that fail in every way we know. */
@Tag("netns")
class HttpGetCheckIT {
    static NettyCheckers runtime;
    static LoopbackFixtures.External httpd;
    static String indexMd5;
    @TempDir
    static Path www;

    @BeforeAll
    static void start() throws Exception {
        runtime = new NettyCheckers(2);
        byte[] index = "<html><body>fulcrum health page</body></html>\n".getBytes();
        Files.write(www.resolve("index.html"), index);
        Files.write(www.resolve("version"), "1.2.3\n".getBytes());
        indexMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(index));
        httpd = LoopbackFixtures.busyboxHttpd(www);
    }

    @AfterAll
    static void stop() throws Exception {
        httpd.close();
        runtime.close();
    }

    static CheckOutcome once(CheckerSpec spec) throws Exception {
        Checker c = runtime.create(spec);
        return c.run(Checker.ALL_STEPS).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static String reason(CheckOutcome o) {
        return o instanceof CheckOutcome.Failure f ? f.reason() : "ok";
    }

    @Test
    void busyboxPageWithMatchingDigestIsUp() throws Exception {
        CheckOutcome o = once(http(httpd.port(), 2000, url("/index.html", indexMd5)));
        assertTrue(o.ok(), reason(o));
    }

    @Test
    void wrongDigestIsDigestMismatch() throws Exception {
        assertEquals("digest mismatch", reason(once(http(httpd.port(), 2000, url("/index.html", "00112233445566778899aabbccddeeff")))));
    }

    @Test
    void missingPageIsStatus404UnlessAccepted() throws Exception {
        assertEquals("status 404", reason(once(http(httpd.port(), 2000, url("/nope", null)))));
        assertTrue(once(http(httpd.port(), 2000, url("/nope", null, "200", "400-499"))).ok());
    }

    @Test
    void everyUrlMustPassAndTheFailingOneIsNamed() throws Exception {
        CheckOutcome o = once(http(httpd.port(), 2000, url("/index.html", indexMd5), url("/version", null), url("/gone", null)));
        assertEquals("/gone: status 404", reason(o));
        assertTrue(once(http(httpd.port(), 2000, url("/index.html", indexMd5), url("/version", null))).ok());
    }

    @Test
    void eachUrlIsAStepForSlowRecovery() throws Exception {
        Checker c = runtime.create(http(httpd.port(), 2000, url("/index.html", null), url("/gone", null)));
        assertEquals(2, c.steps());
        assertFalse(c.fastRecovery());
        assertTrue(c.run(0).toCompletableFuture().get(5, TimeUnit.SECONDS).ok());
        assertEquals("/gone: status 404", reason(c.run(1).toCompletableFuture().get(5, TimeUnit.SECONDS)));
    }

    @Test
    void requestLineAndHeadersAreKeepalivedsForEachProtocol() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK)) {
            assertTrue(once(http(s.port(), 2000, url("/health", null))).ok());
            assertEquals("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:" + s.port() + "\r\n\r\n", s.lastRequest);
            UrlSpec vh = new UrlSpec("/v", dev.fulcrum.healthcheck.spec.StatusCodes.DEFAULT, java.util.Optional.empty(), java.util.Optional.of("www.example.net"));
            CheckerSpec.Http h11 = new CheckerSpec.Http(Specs.timing(2000), Specs.local(s.port()), false, CheckerSpec.HttpProtocol.HTTP_1_1,
                    java.util.List.of(vh), false, CheckerSpec.Tls.KEEPALIVED_DEFAULT, CheckerSpec.DEFAULT_MAX_BODY_BYTES);
            assertTrue(once(h11).ok());
            assertEquals("GET /v HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nHost: www.example.net\r\nConnection: close\r\n\r\n", s.lastRequest);
        }
    }

    @Test
    void closedPortIsRefused() throws Exception {
        assertEquals("refused", reason(once(http(LoopbackFixtures.freePort(), 2000, url("/", null)))));
    }

    @Test
    void status503() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.STATUS_503)) {
            assertEquals("status 503", reason(once(http(s.port(), 2000, url("/", null)))));
        }
    }

    @Test
    void resetAfterRequestIsReset() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.RESET)) {
            String r = reason(once(http(s.port(), 2000, url("/", null))));
            assertTrue(r.equals("reset") || r.equals("closed before response"), r);
        }
    }

    @Test
    void hangAfterAcceptIsTimeoutAfterConnectTimeout() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.HANG)) {
            CheckOutcome o = once(http(s.port(), 400, url("/", null)));
            assertEquals("timeout", reason(o));
            assertTrue(o.latency().compareTo(Duration.ofMillis(380)) >= 0 && o.latency().compareTo(Duration.ofMillis(1500)) < 0, o.latency().toString());
            waitClosed(s);
        }
    }

    @Test
    void tenMegabyteBodyFailsOnTheCapEitherWay() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.BIG_WITH_LENGTH)) {
            assertEquals("body of 10485760 bytes exceeds 1048576", reason(once(http(s.port(), 2000, url("/", indexMd5)))));
            waitClosed(s);
            s.mode = HostileServer.Mode.BIG_UNTIL_CLOSE;
            CheckOutcome o = once(http(s.port(), 2000, url("/", indexMd5)));
            assertEquals("body exceeds 1048576 bytes", reason(o));
            waitClosed(s);
        }
    }

    @Test
    void garbageIsAnInvalidResponse() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.GARBAGE)) {
            String r = reason(once(http(s.port(), 2000, url("/", null))));
            assertTrue(r.startsWith("invalid response") || r.equals("closed before response"), r);
        }
    }

    @Test
    void truncatedBodyIsClosedMidBody() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.TRUNCATED)) {
            assertEquals("closed mid-body", reason(once(http(s.port(), 2000, url("/", indexMd5)))));
        }
    }

    @Test
    void digestHelperReportsTheMd5OfWhateverIsServed() throws Exception {
        HttpGetCheck c = (HttpGetCheck) runtime.create(http(httpd.port(), 2000, url("/index.html", null)));
        HttpGetCheck.Fetch f = c.fetch(url("/index.html", null), false).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(200, f.status());
        assertEquals(indexMd5, f.md5().orElseThrow());
    }

    static UrlSpec regexUrl(String path, String regex, boolean noMatch) {
        return new UrlSpec(path, dev.fulcrum.healthcheck.spec.StatusCodes.DEFAULT, java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(regex), noMatch);
    }

    @Test
    void regexIsMatchedAgainstTheBody() throws Exception {
        assertTrue(once(http(httpd.port(), 2000, regexUrl("/index.html", "health\\s+page", false))).ok());
        assertEquals("body does not match regex", reason(once(http(httpd.port(), 2000, regexUrl("/index.html", "sick", false)))));
        assertTrue(once(http(httpd.port(), 2000, regexUrl("/index.html", "sick", true))).ok(), "regex_no_match: no match is up");
        assertEquals("body matches regex", reason(once(http(httpd.port(), 2000, regexUrl("/index.html", "<body>fulcrum", true)))));
        // the status still decides first
        assertEquals("status 404", reason(once(http(httpd.port(), 2000, regexUrl("/nope", ".*", false)))));
    }

    @Test
    void regexSeesABodyThatArrivesInManyReads() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK)) {
            byte[] big = new byte[300_000];
            java.util.Arrays.fill(big, (byte) 'x');
            byte[] tail = "END-OF-PAGE".getBytes();
            System.arraycopy(tail, 0, big, big.length - tail.length, tail.length);
            s.body = big;
            assertTrue(once(http(s.port(), 2000, regexUrl("/", "x{1000}END-OF-PAGE$", false))).ok());
        }
    }

    static UrlSpec regexUrl(String regex, UrlSpec.RegexMatching m) {
        return new UrlSpec("/", dev.fulcrum.healthcheck.spec.StatusCodes.DEFAULT, java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(regex), false, m);
    }

    @Test
    void regexFlagsAndStartOffsetsApplyToTheServedBody() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK)) {
            s.body = "xxxxSTATE: UP\n".getBytes();
            int ci = java.util.regex.Pattern.CASE_INSENSITIVE;
            assertTrue(once(http(s.port(), 2000, regexUrl("state: up", new UrlSpec.RegexMatching(ci, false, 4, 4)))).ok());
            assertEquals("body does not match regex",
                    reason(once(http(s.port(), 2000, regexUrl("state: up", new UrlSpec.RegexMatching(ci, false, 0, 3))))));
            assertEquals("body does not match regex",
                    reason(once(http(s.port(), 2000, regexUrl("state: up", new UrlSpec.RegexMatching(0, false, 0, Long.MAX_VALUE))))));
        }
    }

    @Test
    void aPathologicalRegexOnABigBodyFailsAndTheLoopCarriesOn() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK)) {
            byte[] big = new byte[1_000_024];
            java.util.Arrays.fill(big, 0, 24, (byte) 'a');
            java.util.Arrays.fill(big, 24, big.length, (byte) 'b');
            s.body = big;
            CheckOutcome o = once(http(s.port(), 2000, regexUrl("(.*a){25}", UrlSpec.RegexMatching.DEFAULT)));
            assertEquals("regex gave up after " + BodyRegex.stepsFor(1_000_024) + " steps on a 1000024-byte body", reason(o));
            CheckOutcome noMatch = once(http(s.port(), 2000, new UrlSpec("/", dev.fulcrum.healthcheck.spec.StatusCodes.DEFAULT,
                    java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of("(.*a){25}"), true)));
            assertEquals(reason(o), reason(noMatch), "regex_no_match does not turn an abandoned evaluation into a pass");
        }
        assertTrue(once(http(httpd.port(), 2000, regexUrl("/index.html", "health\\s+page", false))).ok(), "the runtime still checks");
    }

    @Test
    void bindIfPinsTheCheckToAnInterface() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK)) {
            CheckerSpec.Http onLo = withBindIf(http(s.port(), 500, url("/", null)), "lo");
            assertTrue(once(onLo).ok(), "bound to lo, 127.0.0.1 is reachable");
            // a veth with no route to 127.0.0.1: a socket bound to it cannot reach the server
            assertEquals(0, new ProcessBuilder("ip", "link", "add", "h3bif0", "type", "veth", "peer", "name", "h3bif1").inheritIO().start().waitFor());
            try {
                assertEquals(0, new ProcessBuilder("ip", "link", "set", "h3bif0", "up").inheritIO().start().waitFor());
                assertEquals("connect timeout", reason(once(withBindIf(http(s.port(), 500, url("/", null)), "h3bif0"))));
                CheckerSpec.Tcp tcp = new CheckerSpec.Tcp(Specs.timing(500), new dev.fulcrum.healthcheck.spec.Connection(
                        Specs.local(s.port()).target(), java.util.Optional.empty(), 0, 0, java.util.Optional.of("h3bif0")));
                assertFalse(once(tcp).ok(), "TCP_CHECK honours bind_if too");
            } finally {
                new ProcessBuilder("ip", "link", "del", "h3bif0").inheritIO().start().waitFor();
            }
            assertTrue(reason(once(withBindIf(http(s.port(), 500, url("/", null)), "h3nosuch0"))).contains("No such device"),
                    "an interface that does not exist fails the check");
        }
    }

    static CheckerSpec.Http withBindIf(CheckerSpec.Http h, String ifname) {
        var c = h.connection();
        return new CheckerSpec.Http(h.timing(), new dev.fulcrum.healthcheck.spec.Connection(c.target(), c.bindTo(), c.bindPort(), c.fwmark(),
                java.util.Optional.of(ifname)), h.ssl(), h.protocol(), h.urls(), h.fastRecovery(), h.tls(), h.maxBodyBytes());
    }

    static void waitClosed(HostileServer s) throws InterruptedException {
        for (int i = 0; i < 200 && s.open.get() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, s.open.get(), "the checker closed its connection");
    }
}

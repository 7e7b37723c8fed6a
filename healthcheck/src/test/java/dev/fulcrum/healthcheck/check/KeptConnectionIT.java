package dev.fulcrum.healthcheck.check;

import static dev.fulcrum.healthcheck.check.Specs.local;
import static dev.fulcrum.healthcheck.check.Specs.timing;
import static dev.fulcrum.healthcheck.check.Specs.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.lab.ScriptedHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP_GET and SSL_GET with {@code fulcrum.healthcheck.http.checks-per-connection} above 1: against nginx
 * (its own keep-alive limits, TLS, and a kill) and a scripted JDK server for what nginx will not do on
 * demand (close under a request, hang on a kept connection): lab's {@link ScriptedHttpServer}. Connections
 * are counted by the servers.
 */
@Tag("netns")
class KeptConnectionIT {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private NettyCheckers runtime(int checksPerConnection) {
        NettyCheckers r = new NettyCheckers(1, checksPerConnection);
        open.add(r);
        return r;
    }

    private LoopbackFixtures.External nginx(String keepaliveTimeout, int keepaliveRequests, boolean tls) throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("healthz"), "ok\n");
        LoopbackFixtures.External n = LoopbackFixtures.nginx(Files.createDirectories(dir.resolve("nginx")), www, keepaliveTimeout,
                keepaliveRequests, tls ? LoopbackFixtures.cert(dir) : null);
        open.add(n);
        return n;
    }

    static CheckerSpec.Http spec(int port, CheckerSpec.HttpProtocol protocol, boolean tls) {
        return new CheckerSpec.Http(timing(1000), local(port), tls, protocol, List.of(url("/healthz", null)), false,
                CheckerSpec.Tls.KEEPALIVED_DEFAULT, CheckerSpec.DEFAULT_MAX_BODY_BYTES);
    }

    static CheckOutcome check(Checker c) throws Exception {
        return c.run(Checker.ALL_STEPS).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static void checksPass(Checker c, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            CheckOutcome o = check(c);
            int k = i;
            assertTrue(o.ok(), () -> "check " + (k + 1) + " failed: " + o);
        }
    }

    /** nginx's access log once it has {@code lines} requests: connection serial -> the Connection headers of its requests. */
    static Map<String, List<String>> connections(LoopbackFixtures.External nginx, int lines) throws Exception {
        Path log = nginx.dir().resolve("access.log");
        List<String> all = List.of();
        for (int i = 0; i < 100 && all.size() < lines; i++) {
            all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (all.size() < lines) {
                Thread.sleep(50);
            }
        }
        assertEquals(lines, all.size(), () -> "requests logged by nginx: " + Files.exists(log));
        Map<String, List<String>> byConnection = new TreeMap<>();
        for (String line : all) {
            String[] f = line.split(" ", 3);
            byConnection.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[2].substring(f[2].lastIndexOf(' ') + 1));
        }
        return byConnection;
    }

    @Test
    void aConnectionCarriesChecksUpToTheLimit() throws Exception {
        LoopbackFixtures.External nginx = nginx("30s", 100, false);
        Checker c = runtime(3).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_0, false));
        checksPass(c, 7);
        Map<String, List<String>> conns = connections(nginx, 7);
        assertEquals(3, conns.size(), conns::toString);
        assertEquals(List.of(3, 3, 1), conns.values().stream().map(List::size).toList(), conns::toString);
        // an HTTP/1.0 check asks to keep the connection, or nginx would close it after each answer
        assertTrue(conns.values().stream().flatMap(List::stream).allMatch("\"keep-alive\""::equals), conns::toString);
    }

    @Test
    void withoutLimitOneConnectionCarriesEveryCheckAndHttp11SendsNoConnectionHeader() throws Exception {
        LoopbackFixtures.External nginx = nginx("30s", 100, false);
        Checker c = runtime(0).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_1, false));
        checksPass(c, 6);
        Map<String, List<String>> conns = connections(nginx, 6);
        assertEquals(1, conns.size(), conns::toString);
        assertTrue(conns.values().stream().flatMap(List::stream).allMatch("\"-\""::equals), conns::toString);
    }

    @Test
    void theServersOwnLimitIsObeyedWithoutAFailure() throws Exception {
        // nginx answers the 2nd request of a connection with Connection: close
        LoopbackFixtures.External nginx = nginx("30s", 2, false);
        Checker c = runtime(0).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_1, false));
        checksPass(c, 5);
        assertEquals(List.of(2, 2, 1), connections(nginx, 5).values().stream().map(List::size).toList());
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutAFailure() throws Exception {
        LoopbackFixtures.External nginx = nginx("1s", 100, false);
        Checker c = runtime(0).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_1, false));
        for (int i = 0; i < 3; i++) {
            checksPass(c, 1);
            Thread.sleep(1600);
        }
        assertEquals(3, connections(nginx, 3).size());
    }

    @Test
    void http10CKeepsKeepalivedsCloseEvenWithReuseOn() throws Exception {
        LoopbackFixtures.External nginx = nginx("30s", 100, false);
        Checker c = runtime(0).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_0C, false));
        checksPass(c, 3);
        Map<String, List<String>> conns = connections(nginx, 3);
        assertEquals(3, conns.size(), conns::toString);
        assertTrue(conns.values().stream().flatMap(List::stream).allMatch("\"close\""::equals), conns::toString);
    }

    @Test
    void theDefaultIsANewConnectionPerCheckWithKeepalivedsRequest() throws Exception {
        LoopbackFixtures.External nginx = nginx("30s", 100, false);
        Checker c = runtime(1).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_0, false));
        checksPass(c, 3);
        Map<String, List<String>> conns = connections(nginx, 3);
        assertEquals(3, conns.size(), conns::toString);
        assertTrue(conns.values().stream().flatMap(List::stream).allMatch("\"-\""::equals), conns::toString);
    }

    @Test
    void sslGetKeepsItsTlsConnection() throws Exception {
        LoopbackFixtures.External nginx = nginx("30s", 100, true);
        Checker c = runtime(0).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_1, true));
        checksPass(c, 4);
        assertEquals(1, connections(nginx, 4).size());
    }

    @Test
    void aKilledServerIsDownAtTheNextCheckNotHiddenByItsKeptConnection() throws Exception {
        LoopbackFixtures.External nginx = nginx("30s", 100, false);
        Checker c = runtime(0).create(spec(nginx.port(), CheckerSpec.HttpProtocol.HTTP_1_1, false));
        checksPass(c, 2);
        nginx.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        CheckOutcome o = check(c);
        assertFalse(o.ok());
        assertEquals("refused", ((CheckOutcome.Failure) o).reason());
    }

    @Test
    void aKeptConnectionClosedUnderTheRequestIsNotAFailure() throws Exception {
        // the 2nd request on the first connection is met with a close (the server's idle timeout firing as it arrives)
        ScriptedHttpServer server = scripted((conn, req) -> conn == 1 && req == 2 ? ScriptedHttpServer.Act.CLOSE : ScriptedHttpServer.Act.ANSWER);
        NettyCheckers r = runtime(0);
        Checker c = r.create(spec(server.port(), CheckerSpec.HttpProtocol.HTTP_1_1, false));
        checksPass(c, 3);
        assertEquals(2, server.connections.get(), "the check was made again on a new connection");
        assertEquals(1, r.httpKeptRetries.sum(), "and counted as a retry");
        assertEquals(2, r.httpOpened.sum());
        assertEquals(2, r.httpKeptChecks.sum(), "checks 2 and 3 started on a kept connection");
        assertEquals(4, server.requests.get());
    }

    @Test
    void aServerHangingOnAKeptConnectionFailsTheCheckWithATimeoutAndTheConnectionIsDropped() throws Exception {
        ScriptedHttpServer server = scripted((conn, req) -> conn == 1 && req == 2 ? ScriptedHttpServer.Act.HANG : ScriptedHttpServer.Act.ANSWER);
        Checker c = runtime(0).create(spec(server.port(), CheckerSpec.HttpProtocol.HTTP_1_1, false));
        checksPass(c, 1);
        CheckOutcome o = check(c);
        assertEquals("timeout", o instanceof CheckOutcome.Failure f ? f.reason() : "ok");
        assertTrue(o.latency().toMillis() >= 900, () -> "failed after connect_timeout, not at once: " + o.latency());
        assertEquals(1, server.connections.get(), "a timeout is the server's failure: not retried");
        assertTrue(server.awaitClientClosed(1), "the hung connection is closed");
        checksPass(c, 1);
        assertEquals(2, server.connections.get());
    }

    @Test
    void closingTheCheckerClosesItsKeptConnection() throws Exception {
        ScriptedHttpServer server = scripted((conn, req) -> ScriptedHttpServer.Act.ANSWER);
        Checker c = runtime(0).create(spec(server.port(), CheckerSpec.HttpProtocol.HTTP_1_1, false));
        checksPass(c, 2);
        assertEquals(0, server.clientClosed.get(), "kept open between checks");
        c.close();
        assertTrue(server.awaitClientClosed(1), "closed by the checker");
    }

    private ScriptedHttpServer scripted(ScriptedHttpServer.Script script) throws IOException {
        ScriptedHttpServer s = new ScriptedHttpServer(script);
        open.add(s);
        return s;
    }
}

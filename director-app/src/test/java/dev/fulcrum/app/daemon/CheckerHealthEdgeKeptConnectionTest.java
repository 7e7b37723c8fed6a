package dev.fulcrum.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.ReloadCache;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.settings.DaemonSettings;
import dev.fulcrum.conf.settings.SettingsLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's setting reaches the checkers: with {@code FULCRUM_HTTP_CHECKS_PER_CONNECTION=0} the director's
 * HTTP_GET checks of a keep-alive server share one connection, and a reload that drops the server closes it.
 */
class CheckerHealthEdgeKeptConnectionTest {
    @TempDir
    Path dir;

    /** An HTTP/1.1 server that keeps its connections and counts them: accepted, and still open. */
    static final class KeepAliveServer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        KeepAliveServer() throws IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = listener.accept();
                        accepted.incrementAndGet();
                        open.incrementAndGet();
                        Thread c = new Thread(() -> serve(s));
                        c.setDaemon(true);
                        c.start();
                    }
                } catch (IOException closed) {
                    // listener closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream()) {
                int matched = 0;
                for (int b; (b = in.read()) >= 0; ) {
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                    if (matched == 4) {
                        matched = 0;
                        requests.incrementAndGet();
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } catch (IOException e) {
                // reset by the client
            } finally {
                open.decrementAndGet();
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    KeepalivedConfig load(ReloadCache cache, String text) throws Exception {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), text);
        ConfResult r = KeepalivedConf.load(f, LoadOptions.forId("lb1"), cache);
        assertTrue(r.config().isPresent(), r.diagnostics().toString());
        return r.config().get();
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void theSettingKeepsTheCheckConnectionAndAReloadThatDropsTheServerClosesIt() throws Exception {
        DaemonSettings settings = SettingsLoader.load(Optional.empty(), Map.of("FULCRUM_HTTP_CHECKS_PER_CONNECTION", "0"), new Properties())
                .settings().orElseThrow();
        try (KeepAliveServer server = new KeepAliveServer()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            CheckerHealthEdge edge = new CheckerHealthEdge(registry, e -> { }, settings.httpChecksPerConnection());
            try {
                String vs = "virtual_server 127.0.0.1 80 {\n delay_loop 1\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n"
                        + " real_server 127.0.0.1 " + server.port() + " {\n  HTTP_GET {\n   url {\n    path /healthz\n   }\n"
                        + "   http_protocol 1.1\n   connect_timeout 2\n  }\n }\n}\n";
                ReloadCache cache = new ReloadCache();
                edge.start(load(cache, vs));
                await(() -> server.requests.get() >= 4, "four checks made");
                assertEquals(1, server.accepted.get(), "every check on the one kept connection");
                assertEquals(1, server.open.get());
                // and the operator sees it: one connection opened, the later checks on it
                assertEquals(1.0, registry.get("fulcrum.healthcheck.http.connections").functionCounter().count());
                assertTrue(registry.get("fulcrum.healthcheck.http.kept.checks").functionCounter().count() >= 3);
                assertEquals(0.0, registry.get("fulcrum.healthcheck.http.kept.retries").functionCounter().count());
                // the reload drops the real server: its checker closes the connection it kept
                edge.reconfigure(load(cache, vs.replace(" real_server 127.0.0.1 " + server.port(), " real_server 127.0.0.2 " + server.port())));
                await(() -> server.open.get() == 0, "the dropped server's kept connection is closed");
            } finally {
                edge.close();
            }
        }
    }
}

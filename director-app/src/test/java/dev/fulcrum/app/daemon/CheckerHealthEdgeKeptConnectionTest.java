package dev.fulcrum.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ReloadCache;
import dev.fulcrum.conf.settings.DaemonSettings;
import dev.fulcrum.conf.settings.SettingsLoader;
import dev.fulcrum.lab.ScriptedHttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's setting reaches the checkers: with {@code FULCRUM_HTTP_CHECKS_PER_CONNECTION=0} the director's
 * HTTP_GET checks of a keep-alive server share one connection, and a reload that drops the server closes it.
 */
class CheckerHealthEdgeKeptConnectionTest {
    @TempDir
    Path dir;

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
        try (ScriptedHttpServer server = new ScriptedHttpServer((conn, req) -> ScriptedHttpServer.Act.ANSWER)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            CheckerHealthEdge edge = new CheckerHealthEdge(registry, e -> { }, settings.httpChecksPerConnection(), settings.checkTimerSlack());
            try {
                String vs = "virtual_server 127.0.0.1 80 {\n delay_loop 1\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n"
                        + " real_server 127.0.0.1 " + server.port() + " {\n  HTTP_GET {\n   url {\n    path /healthz\n   }\n"
                        + "   http_protocol 1.1\n   connect_timeout 2\n  }\n }\n}\n";
                ReloadCache cache = new ReloadCache();
                edge.start(ConfigText.load(dir, cache, vs));
                await(() -> server.requests.get() >= 4, "four checks made");
                assertEquals(1, server.connections.get(), "every check on the one kept connection");
                assertEquals(1, server.open.get());
                // and the operator sees it: one connection opened, the later checks on it
                assertEquals(1.0, registry.get("fulcrum.healthcheck.http.connections").functionCounter().count());
                assertTrue(registry.get("fulcrum.healthcheck.http.kept.checks").functionCounter().count() >= 3);
                assertEquals(0.0, registry.get("fulcrum.healthcheck.http.kept.retries").functionCounter().count());
                // the reload drops the real server: its checker closes the connection it kept
                edge.reconfigure(ConfigText.load(dir, cache, vs.replace(" real_server 127.0.0.1 " + server.port(), " real_server 127.0.0.2 " + server.port())));
                await(() -> server.open.get() == 0, "the dropped server's kept connection is closed");
            } finally {
                edge.close();
            }
        }
    }
}

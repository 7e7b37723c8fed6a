package dev.fulcrum.conf.settings;

import dev.fulcrum.conf.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsLoaderTest {
    private static DaemonSettings ok(SettingsResult r) {
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics()::toString);
        return r.settings().orElseThrow();
    }

    /** No settings, and one diagnostic that begins with {@code start} (file:line:col: error: key ...). */
    private static void refused(SettingsResult r, String start) {
        assertTrue(r.settings().isEmpty());
        assertEquals(1, r.diagnostics().size(), r.diagnostics()::toString);
        assertTrue(r.diagnostics().get(0).toString().startsWith(start), r.diagnostics()::toString);
    }

    @Test
    void referenceDefaults() {
        DaemonSettings s = ok(SettingsLoader.load(Optional.empty(), Map.of(), new Properties()));
        assertEquals("", s.metricsHost());
        assertEquals(9165, s.metricsPort());
        assertEquals("/metrics", s.metricsPath());
        assertEquals(Path.of("/var/lib/fulcrum"), s.stateDirectory());
        assertEquals(Path.of("/var/lib/fulcrum/control.sock"), s.controlSocket(), "under the state directory");
        assertEquals(DaemonSettings.LogLevel.INFO, s.logLevel());
        assertEquals(Duration.ofSeconds(5), s.resyncPeriod());
        assertEquals(Duration.ofSeconds(30), s.drainTimeout());
        assertEquals(1, s.httpChecksPerConnection(), "a new connection per HTTP check, as keepalived");
        assertEquals(Duration.ofMillis(50), s.checkTimerSlack());
    }

    @Test
    void checkTimerSlackFromFileOrEnvironmentWithinBounds(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("slack.conf");
        Files.writeString(f, "fulcrum.healthcheck {\n  timer-slack = 25ms\n}\n");
        assertEquals(Duration.ofMillis(25), ok(SettingsLoader.load(Optional.of(f), Map.of(), new Properties())).checkTimerSlack());
        assertEquals(Duration.ZERO, ok(SettingsLoader.load(Optional.of(f), Map.of("FULCRUM_CHECK_TIMER_SLACK", "0"), new Properties()))
                .checkTimerSlack(), "the environment wins over the file, and 0 turns slack off");
        Files.writeString(f, "fulcrum.healthcheck {\n  timer-slack = 2s\n}\n");
        refused(SettingsLoader.load(Optional.of(f), Map.of(), new Properties()),
                f + ":2:1: error: fulcrum.healthcheck.timer-slack must be between 0 and 100ms, not 2000ms");
        SettingsResult r = SettingsLoader.load(Optional.empty(), Map.of("FULCRUM_CHECK_TIMER_SLACK", "-1ms"), new Properties());
        assertTrue(r.settings().isEmpty());
        assertTrue(r.diagnostics().get(0).message().contains("timer-slack must be between"), r.diagnostics()::toString);
    }

    @Test
    void httpChecksPerConnectionFromFileOrEnvironmentAndNeverNegative(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("reuse.conf");
        Files.writeString(f, "fulcrum.healthcheck.http {\n  checks-per-connection = 10\n}\n");
        assertEquals(10, ok(SettingsLoader.load(Optional.of(f), Map.of(), new Properties())).httpChecksPerConnection());
        assertEquals(0, ok(SettingsLoader.load(Optional.of(f), Map.of("FULCRUM_HTTP_CHECKS_PER_CONNECTION", "0"), new Properties()))
                .httpChecksPerConnection());
        Files.writeString(f, "fulcrum.healthcheck.http {\n  checks-per-connection = -2\n}\n");
        refused(SettingsLoader.load(Optional.of(f), Map.of(), new Properties()),
                f + ":2:1: error: fulcrum.healthcheck.http.checks-per-connection must be 0");
        SettingsResult r = SettingsLoader.load(Optional.empty(), Map.of("FULCRUM_HTTP_CHECKS_PER_CONNECTION", "many"), new Properties());
        assertTrue(r.settings().isEmpty());
        assertTrue(r.diagnostics().get(0).message().contains("checks-per-connection"), r.diagnostics()::toString);
    }

    @Test
    void theControlSocketFollowsTheStateDirectory() {
        DaemonSettings s = ok(SettingsLoader.load(Optional.empty(), Map.of("FULCRUM_STATE_DIRECTORY", "/srv/lb"), new Properties()));
        assertEquals(Path.of("/srv/lb/control.sock"), s.controlSocket());
    }

    @Test
    void fileThenEnvironmentThenSystemProperties(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("fulcrum.conf");
        Files.writeString(f, "fulcrum {\n  metrics.listen = \"127.0.0.1:9200\"\n  log.level = debug\n  state-directory = /srv/fulcrum\n"
                + "  reconciler.resync-period = 2s\n}\n");
        DaemonSettings fromFile = ok(SettingsLoader.load(Optional.of(f), Map.of(), new Properties()));
        assertEquals("127.0.0.1", fromFile.metricsHost());
        assertEquals(9200, fromFile.metricsPort());
        assertEquals(DaemonSettings.LogLevel.DEBUG, fromFile.logLevel());
        assertEquals(Duration.ofSeconds(2), fromFile.resyncPeriod());

        DaemonSettings env = ok(SettingsLoader.load(Optional.of(f), Map.of("FULCRUM_METRICS_LISTEN", "[::1]:9300",
                "FULCRUM_STATE_DIRECTORY", "/tmp/state"), new Properties()));
        assertEquals("::1", env.metricsHost());
        assertEquals(9300, env.metricsPort());
        assertEquals(Path.of("/tmp/state"), env.stateDirectory());
        assertEquals(DaemonSettings.LogLevel.DEBUG, env.logLevel(), "the file still supplies what env does not");

        Properties p = new Properties();
        p.setProperty("fulcrum.metrics.listen", ":9400");
        p.setProperty("unrelated.key", "x");
        DaemonSettings sys = ok(SettingsLoader.load(Optional.of(f), Map.of("FULCRUM_METRICS_LISTEN", "[::1]:9300"), p));
        assertEquals(9400, sys.metricsPort());
        assertEquals("", sys.metricsHost());
    }

    @Test
    void badValueIsReportedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "fulcrum {\n  log.level = verbose\n  metrics {\n    listen = \"nope\"\n  }\n}\n");
        SettingsResult r = SettingsLoader.load(Optional.of(f), Map.of(), new Properties());
        assertTrue(r.settings().isEmpty());
        assertEquals(2, r.diagnostics().size(), r.diagnostics()::toString);
        Diagnostic level = r.diagnostics().stream().filter(d -> d.message().contains("log.level")).findFirst().orElseThrow();
        assertEquals(f, level.pos().file());
        assertEquals(2, level.pos().line());
        Diagnostic listen = r.diagnostics().stream().filter(d -> d.message().contains("metrics.listen")).findFirst().orElseThrow();
        assertEquals(4, listen.pos().line());
        assertTrue(listen.toString().startsWith(f + ":4:1: error: fulcrum.metrics.listen"), listen::toString);
    }

    @Test
    void wrongTypeAndSyntaxErrorsHaveOrigins(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("typed.conf");
        Files.writeString(f, "fulcrum.reconciler.resync-period = soon\n");
        SettingsResult r = SettingsLoader.load(Optional.of(f), Map.of(), new Properties());
        assertEquals(1, r.diagnostics().size());
        assertEquals(1, r.diagnostics().get(0).pos().line());
        assertEquals(f, r.diagnostics().get(0).pos().file());
        Path syntax = dir.resolve("syntax.conf");
        Files.writeString(syntax, "fulcrum {\n metrics {\n listen = \n");
        SettingsResult s = SettingsLoader.load(Optional.of(syntax), Map.of(), new Properties());
        assertTrue(s.settings().isEmpty());
        assertEquals(syntax, s.diagnostics().get(0).pos().file());
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        SettingsResult r = SettingsLoader.load(Optional.empty(), Map.of("FULCRUM_RESYNC_PERIOD", "-3s"), new Properties());
        assertTrue(r.settings().isEmpty());
        assertTrue(r.diagnostics().get(0).pos().file().toString().contains("FULCRUM_RESYNC_PERIOD"), r.diagnostics()::toString);
    }

    @Test
    void missingSettingsFileIsAnError(@TempDir Path dir) {
        SettingsResult r = SettingsLoader.load(Optional.of(dir.resolve("absent.conf")), Map.of(), new Properties());
        assertTrue(r.settings().isEmpty());
        assertEquals(1, r.diagnostics().size());
    }
}

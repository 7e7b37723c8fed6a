package dev.fulcrum.healthcheck.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerKind;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ProbeReportTest {
    static List<ProbeRun.Result> results() {
        InetSocketAddress a = new InetSocketAddress("192.0.2.7", 80);
        CheckerSpec ok = new CheckerSpec.Tcp(CheckTiming.defaults(CheckerKind.TCP_CHECK), Connection.to(a));
        CheckerSpec bad = new CheckerSpec.Tcp(CheckTiming.defaults(CheckerKind.TCP_CHECK), Connection.to(new InetSocketAddress("192.0.2.7", 81)));
        RealServerSpec rs = new RealServerSpec("[203.0.113.1]:tcp:80", RealServerSpec.keepalivedId(a, "tcp"), a, 1, List.of(ok, bad));
        // fake checkers: the probe runs each once and keeps its verdict
        return ProbeRun.run(new CheckPlan(List.of(rs)), spec -> new Checker() {
            @Override
            public CheckerSpec spec() {
                return spec;
            }

            @Override
            public CompletionStage<CheckOutcome> run(int step) {
                return CompletableFuture.completedFuture(spec == ok ? CheckOutcome.Success.of(Duration.ofNanos(1_500_000))
                        : new CheckOutcome.Failure("said \"no\"\n", Duration.ofMillis(3)));
            }
        });
    }

    @Test
    void tableHasOneAlignedRowPerCheckerAndASummary() {
        String t = ProbeReport.table(results());
        String[] lines = t.split("\n");
        assertEquals(4, lines.length, t);
        assertTrue(lines[1].startsWith("[192.0.2.7]:tcp:80  [203.0.113.1]:tcp:80  TCP_CHECK 192.0.2.7:80  UP "), lines[1]);
        assertTrue(lines[1].endsWith("1.5 ms"), lines[1]);
        assertEquals(lines[0].indexOf("RESULT"), lines[2].indexOf("DOWN"), "columns align");
        assertEquals("2 checker(s), 1 down", lines[3]);
    }

    @Test
    void jsonEscapesReasons() {
        String j = ProbeReport.json(results());
        assertTrue(j.contains("\"up\": false, \"reason\": \"said \\\"no\\\"\\n\", \"latency_ms\": 3.000}"), j);
        assertTrue(j.startsWith("[\n  {\"server\": \"[192.0.2.7]:tcp:80\""), j);
        assertEquals("[]\n", ProbeReport.json(List.of()));
    }
}

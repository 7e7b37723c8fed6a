package dev.fulcrum.healthcheck.probe;

import dev.fulcrum.healthcheck.check.FailureReason;
import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.engine.CheckerFactory;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every checker of a plan exactly once, all concurrently, with no retry and no state: the
 * operator's "why is this server down" view. Each result is what one attempt of the real checker says,
 * so it matches the daemon's reasons word for word.
 */
public final class ProbeRun {
    /** One row of the probe table. */
    public record Result(RealServerSpec server, CheckerSpec checker, boolean ok, String reason, Duration latency) {
    }

    private ProbeRun() {
    }

    public static List<Result> run(CheckPlan plan, CheckerFactory factory) {
        List<CompletableFuture<CheckOutcome>> futures = new ArrayList<>();
        List<RealServerSpec> servers = new ArrayList<>();
        List<CheckerSpec> specs = new ArrayList<>();
        Duration longest = Duration.ZERO;
        for (RealServerSpec rs : plan.servers()) {
            for (CheckerSpec spec : rs.checkers()) {
                Checker c = factory.create(spec);
                CompletableFuture<CheckOutcome> f;
                try {
                    f = c.run(Checker.ALL_STEPS).toCompletableFuture();
                } catch (RuntimeException e) {
                    f = CompletableFuture.completedFuture(new CheckOutcome.Failure(FailureReason.of(e), Duration.ZERO));
                }
                futures.add(f);
                servers.add(rs);
                specs.add(spec);
                Duration bound = spec instanceof CheckerSpec.Misc m ? m.timeout()
                        : spec.timing().connectTimeout().multipliedBy(2L * (spec instanceof CheckerSpec.Http h ? h.urls().size() : 1));
                longest = bound.compareTo(longest) > 0 ? bound : longest;
            }
        }
        long deadline = System.nanoTime() + longest.plusSeconds(5).toNanos();
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            CheckOutcome o;
            try {
                o = futures.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                o = new CheckOutcome.Failure("no verdict in time", longest);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                o = new CheckOutcome.Failure("interrupted", Duration.ZERO);
            } catch (Exception e) {
                o = new CheckOutcome.Failure(FailureReason.of(e), Duration.ZERO);
            }
            out.add(new Result(servers.get(i), specs.get(i), o.ok(), o instanceof CheckOutcome.Failure f ? f.reason() : "ok", o.latency()));
        }
        return out;
    }
}

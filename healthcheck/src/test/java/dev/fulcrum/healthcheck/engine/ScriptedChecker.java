package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.spec.CheckerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * A fake checker whose outcome is chosen by the test at each attempt, completing after a simulated
 * latency on the simulated timer. It records when each attempt started and which step it ran.
 */
final class ScriptedChecker implements Checker {
    final CheckerSpec spec;
    final SimulatedTimer timer;
    final List<Duration> startedAt = new ArrayList<>();
    final List<Integer> stepsRun = new ArrayList<>();
    final int steps;
    final boolean fastRecovery;
    volatile IntFunction<CheckOutcome> behaviour = step -> CheckOutcome.Success.of(Duration.ofMillis(2));
    Duration latency = Duration.ofMillis(2);
    int closed;

    ScriptedChecker(CheckerSpec spec, SimulatedTimer timer, int steps, boolean fastRecovery) {
        this.spec = spec;
        this.timer = timer;
        this.steps = steps;
        this.fastRecovery = fastRecovery;
    }

    void succeed() {
        behaviour = step -> CheckOutcome.Success.of(latency);
    }

    void fail(String reason) {
        behaviour = step -> new CheckOutcome.Failure(reason, latency);
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public boolean fastRecovery() {
        return fastRecovery;
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        startedAt.add(timer.now());
        stepsRun.add(step);
        CompletableFuture<CheckOutcome> f = new CompletableFuture<>();
        CheckOutcome o = behaviour.apply(step);
        timer.schedule(o.latency().toNanos(), () -> f.complete(o));
        return f;
    }

    @Override
    public void close() {
        closed++;
    }
}

package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.CheckOutcome.DynamicWeight;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One check attempt's verdict slot: the first verdict wins, later ones (a timeout racing a reply, an
 * exception after close) are ignored. Measures latency from creation to verdict.
 */
final class Attempt {
    final CompletableFuture<CheckOutcome> result = new CompletableFuture<>();
    private final long started = System.nanoTime();

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    boolean done() {
        return result.isDone();
    }

    boolean succeed() {
        return result.complete(CheckOutcome.Success.of(elapsed()));
    }

    boolean succeed(DynamicWeight w) {
        return result.complete(new CheckOutcome.Success(elapsed(), w));
    }

    boolean fail(String reason) {
        return result.complete(new CheckOutcome.Failure(reason, elapsed()));
    }

    boolean fail(Throwable t) {
        return fail(FailureReason.of(t));
    }
}

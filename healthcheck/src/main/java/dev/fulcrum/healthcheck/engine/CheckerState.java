package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.spec.CheckTiming;
import java.time.Duration;

/**
 * keepalived's per-checker up/down rules (keepalived.conf §11) as a pure state machine: feed it each
 * outcome, it answers whether the checker changed state and when the next attempt is due. No clock, no
 * I/O, so every rule is unit-tested exactly.
 *
 * <ul>
 *   <li>Up, failure, fewer than {@code retry} failures so far: count it, retry after delay_before_retry.</li>
 *   <li>Up, failure, {@code retry} failures already: down; next check after delay_loop.</li>
 *   <li>Down, success: up after that one success (all steps done, see below).</li>
 *   <li>Down, failure: nothing changes; next check after delay_loop.</li>
 *   <li>Start without alpha: up, but the counter starts at {@code retry}, so the first failure is final.</li>
 *   <li>Start with alpha: down until the first success.</li>
 * </ul>
 * A multi-step checker (HTTP with several URLs, no fast_recovery) that is down recovers one step per
 * delay_loop and comes up only when every step has passed in a row.
 */
public final class CheckerState {
    public enum Transition { NONE, UP, DOWN }

    /** What happened and what to do next. {@code nextStep} is {@link Checker#ALL_STEPS} or one step index. */
    public record Decision(Transition transition, Duration nextDelay, int nextStep) {
    }

    private final CheckTiming timing;
    private final int steps;
    private final boolean fastRecovery;
    private boolean up;
    private boolean hasRun;
    private int failures;
    private int recovered;

    public CheckerState(CheckTiming timing, int steps, boolean fastRecovery) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1");
        }
        this.timing = timing;
        this.steps = steps;
        this.fastRecovery = fastRecovery;
        this.up = !timing.alpha();
        this.failures = timing.alpha() ? 0 : timing.retry();
    }

    public boolean up() {
        return up;
    }

    public boolean hasRun() {
        return hasRun;
    }

    /** Consecutive failures counted while up. */
    public int failures() {
        return failures;
    }

    /** The step the next attempt must run. */
    public int nextStep() {
        if (up || fastRecovery || steps == 1) {
            return Checker.ALL_STEPS;
        }
        return recovered;
    }

    public Decision onOutcome(CheckOutcome outcome) {
        hasRun = true;
        if (outcome.ok()) {
            if (up) {
                failures = 0;
                return new Decision(Transition.NONE, timing.delayLoop(), nextStep());
            }
            if (nextStep() != Checker.ALL_STEPS && ++recovered < steps) {
                return new Decision(Transition.NONE, timing.delayLoop(), nextStep());
            }
            up = true;
            failures = 0;
            recovered = 0;
            return new Decision(Transition.UP, timing.delayLoop(), nextStep());
        }
        if (!up) {
            recovered = 0;
            return new Decision(Transition.NONE, timing.delayLoop(), nextStep());
        }
        if (failures < timing.retry()) {
            failures++;
            return new Decision(Transition.NONE, timing.delayBeforeRetry(), nextStep());
        }
        up = false;
        failures = 0;
        recovered = 0;
        return new Decision(Transition.DOWN, timing.delayLoop(), nextStep());
    }
}

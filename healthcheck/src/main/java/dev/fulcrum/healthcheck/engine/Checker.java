package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.spec.CheckerSpec;
import java.util.concurrent.CompletionStage;

/**
 * Performs check attempts for one checker of one real server. Implementations are asynchronous (no
 * thread is parked for a check) and total: the returned stage always completes, normally, with a
 * {@link CheckOutcome}, and every resource the attempt opened is released by then.
 */
public interface Checker {
    /** Run every step of the check (all URLs of an HTTP checker, for instance). */
    int ALL_STEPS = -1;

    CheckerSpec spec();

    /**
     * How many independent steps the check has. HTTP checkers without fast_recovery recover one URL per
     * delay_loop, so the engine needs to address them one by one.
     */
    default int steps() {
        return 1;
    }

    /** Whether a down checker runs all steps at once (fast_recovery) instead of one per delay_loop. */
    default boolean fastRecovery() {
        return true;
    }

    /** Starts one attempt: {@link #ALL_STEPS} or a single step index in {@code 0..steps()-1}. */
    CompletionStage<CheckOutcome> run(int step);

    /**
     * Lets go of what the checker keeps between attempts (an HTTP checker's kept connection) once it has left
     * the plan or the engine has stopped. Attempts still in flight complete as usual and keep nothing.
     */
    default void close() {
    }
}

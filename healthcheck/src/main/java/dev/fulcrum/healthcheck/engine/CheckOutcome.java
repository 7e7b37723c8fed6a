package dev.fulcrum.healthcheck.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The result of one check attempt. Checkers never throw: every way a server can misbehave ends up as a
 * {@link Failure} with a short operator-facing reason ("refused", "timeout", "status 503", "digest
 * mismatch", "exit 1"), so the engine's state machine has exactly two inputs to reason about.
 */
public sealed interface CheckOutcome {
    /** Wall time the attempt took, from start to verdict. */
    Duration latency();

    /**
     * The checker is healthy. {@code weight} carries what dynamic checkers (misc_dynamic, FILE_CHECK
     * dynamic) say about the real server's weight.
     */
    record Success(Duration latency, DynamicWeight weight) implements CheckOutcome {
        public Success {
            Objects.requireNonNull(latency);
            Objects.requireNonNull(weight);
        }

        public static Success of(Duration latency) {
            return new Success(latency, DynamicWeight.NONE);
        }
    }

    record Failure(String reason, Duration latency) implements CheckOutcome {
        public Failure {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(latency);
        }
    }

    default boolean ok() {
        return this instanceof Success;
    }

    /** A dynamic checker's say on the real server's weight. */
    sealed interface DynamicWeight {
        DynamicWeight NONE = new Unchanged();

        /** Not a dynamic checker, or it did not report a weight. */
        record Unchanged() implements DynamicWeight {
        }

        /** misc_dynamic: the RS weight becomes this value (exit status − 2). */
        record SetTo(int weight) implements DynamicWeight {
        }

        /** FILE_CHECK dynamic: this value is added to the RS weight. */
        record Add(int delta) implements DynamicWeight {
        }
    }
}

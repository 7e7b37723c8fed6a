package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.OperationResult;
import java.time.Duration;
import java.util.List;

/**
 * What one reconcile pass did: operations issued and how they split, failures (retried next pass),
 * repairs of drift, and how long reading the kernel and applying took.
 */
public record ReconcileReport(int added, int updated, int removed, int failed, int repairs, int issued,
                              List<OperationResult> failures, Duration readTime, Duration applyTime) {
    /** A pass that did nothing. */
    public static final ReconcileReport NOTHING = new ReconcileReport(0, 0, 0, 0, 0, 0, List.of(), Duration.ZERO, Duration.ZERO);

    public boolean converged() {
        return failed == 0;
    }

    @Override
    public String toString() {
        return "added " + added + ", updated " + updated + ", removed " + removed + ", failed " + failed
                + " (" + issued + " operations, " + repairs + " repairs)";
    }

    /** "read 12 ms, plan+apply 40 ms": where the pass spent its time, for the log. */
    public String timings() {
        return "read " + readTime.toMillis() + " ms, plan+apply " + applyTime.toMillis() + " ms";
    }
}

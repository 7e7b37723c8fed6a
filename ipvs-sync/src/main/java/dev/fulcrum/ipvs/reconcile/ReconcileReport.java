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
    public boolean converged() {
        return failed == 0;
    }

    @Override
    public String toString() {
        return "added " + added + ", updated " + updated + ", removed " + removed + ", failed " + failed
                + " (" + issued + " operations, " + repairs + " repairs)";
    }
}

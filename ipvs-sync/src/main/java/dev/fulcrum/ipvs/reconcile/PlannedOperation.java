package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.IpvsOperation;

/** An operation and why the planner chose it, so the executor can log and count repairs apart from changes. */
public record PlannedOperation(IpvsOperation operation, Reason reason) {
    public enum Reason {
        /** The desired state changed (config, health). */
        CHANGE,
        /** The desired state did not change but the kernel no longer matched it: drift. */
        REPAIR,
        /** Part of a graceful drain (weight 0, or removal once drained). */
        DRAIN
    }
}

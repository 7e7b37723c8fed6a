package dev.fulcrum.ipvs.reconcile;

import java.time.Duration;

/**
 * Reconciler policy: how long a draining destination may keep connections before it is removed
 * anyway, whether services Fulcrum never owned are removed ({@code lvs_flush}), and the resync period.
 */
public record ReconcileOptions(Duration drainTimeout, boolean flushForeign, Duration resyncPeriod) {
    public static final ReconcileOptions DEFAULTS = new ReconcileOptions(Duration.ofSeconds(60), false, Duration.ofSeconds(5));

    public ReconcileOptions withDrainTimeout(Duration d) {
        return new ReconcileOptions(d, flushForeign, resyncPeriod);
    }

    public ReconcileOptions withFlushForeign(boolean f) {
        return new ReconcileOptions(drainTimeout, f, resyncPeriod);
    }

    public ReconcileOptions withResyncPeriod(Duration d) {
        return new ReconcileOptions(drainTimeout, flushForeign, d);
    }
}

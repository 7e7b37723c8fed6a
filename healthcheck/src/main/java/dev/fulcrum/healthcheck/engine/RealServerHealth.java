package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.engine.CheckOutcome.DynamicWeight;
import java.util.Optional;

/**
 * Combines the checkers of one real server into the two facts the director acts on: alive (every
 * checker up, keepalived's {@code num_failed_checkers == 0}) and effective weight (configured weight
 * plus every dynamic checker's contribution). Pure: it only answers which facts changed.
 *
 * <p>misc_dynamic reports an absolute weight (exit status − 2); keepalived stores it as the checker's
 * contribution {@code status − 2 − configured}, so one MISC_CHECK alone sets the RS weight to status − 2.
 * FILE_CHECK dynamic contributes value × weight. The sum is clamped to 0..INT32_MAX.
 */
public final class RealServerHealth {
    private final int configuredWeight;
    private final boolean[] up;
    private final long[] contribution;

    public RealServerHealth(int configuredWeight, boolean[] initiallyUp) {
        this.configuredWeight = configuredWeight;
        this.up = initiallyUp.clone();
        this.contribution = new long[initiallyUp.length];
    }

    public boolean alive() {
        for (boolean u : up) {
            if (!u) {
                return false;
            }
        }
        return true;
    }

    public int failedCheckers() {
        int n = 0;
        for (boolean u : up) {
            if (!u) {
                n++;
            }
        }
        return n;
    }

    public int effectiveWeight() {
        long w = configuredWeight;
        for (long c : contribution) {
            w += c;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, w));
    }

    /** Records checker {@code i}'s new up state; returns the server's new alive state if it changed. */
    public Optional<Boolean> checkerUp(int i, boolean isUp) {
        boolean before = alive();
        up[i] = isUp;
        boolean after = alive();
        return before == after ? Optional.empty() : Optional.of(after);
    }

    /** Records checker {@code i}'s dynamic weight; returns the new effective weight if it changed. */
    public Optional<Integer> checkerWeight(int i, DynamicWeight w) {
        if (w instanceof DynamicWeight.Unchanged) {
            return Optional.empty();
        }
        int before = effectiveWeight();
        if (w instanceof DynamicWeight.SetTo s) {
            contribution[i] = (long) s.weight() - configuredWeight;
        } else if (w instanceof DynamicWeight.Add a) {
            contribution[i] = a.delta();
        } else {
            return Optional.empty();
        }
        int after = effectiveWeight();
        return before == after ? Optional.empty() : Optional.of(after);
    }
}

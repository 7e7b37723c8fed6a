package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.model.Destination;
import java.util.Objects;

/**
 * A configured real server and its health. An unhealthy one is drained and removed, unless
 * {@code inhibitOnFailure}, in which case it stays in the table with weight 0 (keepalived semantics).
 */
public record DesiredDestination(Destination destination, boolean healthy, boolean inhibitOnFailure) {
    public DesiredDestination {
        Objects.requireNonNull(destination);
    }

    public static DesiredDestination healthy(Destination d) {
        return new DesiredDestination(d, true, false);
    }
}

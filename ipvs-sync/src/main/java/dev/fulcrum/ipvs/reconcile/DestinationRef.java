package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.ServiceKey;

/** A destination named globally: its service and its identity within it. */
public record DestinationRef(ServiceKey service, DestinationId destination) {
    @Override
    public String toString() {
        return destination + " of " + service.describe();
    }
}

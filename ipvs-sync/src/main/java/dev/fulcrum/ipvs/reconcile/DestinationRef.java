package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.ServiceKey;

/** A destination named globally: its service and its identity within it. */
public record DestinationRef(ServiceKey service, DestinationId destination) {
    // written out: the generated ones go through method handles, which the launcher's C1-only JIT does not inline
    @Override
    public boolean equals(Object o) {
        return o instanceof DestinationRef r && service.equals(r.service) && destination.equals(r.destination);
    }

    @Override
    public int hashCode() {
        return service.hashCode() * 31 + destination.hashCode();
    }

    @Override
    public String toString() {
        return destination + " of " + service.describe();
    }
}

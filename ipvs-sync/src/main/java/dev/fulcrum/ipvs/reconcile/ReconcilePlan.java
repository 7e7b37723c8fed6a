package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.IpvsOperation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The output of one planning step: the minimal operations, in a safe order (a service before its
 * destinations), plus the drain clocks to carry into the next pass.
 */
public record ReconcilePlan(List<PlannedOperation> operations, Map<DestinationRef, Instant> draining) {
    public ReconcilePlan {
        operations = List.copyOf(operations);
        draining = Map.copyOf(draining);
    }

    public List<IpvsOperation> ops() {
        return operations.stream().map(PlannedOperation::operation).toList();
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}

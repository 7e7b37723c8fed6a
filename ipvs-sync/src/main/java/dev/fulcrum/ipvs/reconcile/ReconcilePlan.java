package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.IpvsOperation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The output of one planning step: the minimal operations, in a safe order (a service before its
 * destinations), plus the drain clocks to carry into the next pass.
 */
public record ReconcilePlan(List<PlannedOperation> operations, Map<DestinationRef, Instant> draining,
                            Map<ServiceKey, KernelTable.Entry> settled) {
    /**
     * @param settled the services this plan found needing nothing, each with the kernel entry object it
     *                saw: the next plan skips such a service while its desired object and that entry are
     *                still the same objects (see {@link ReconcilePlanner})
     */
    public ReconcilePlan {
        operations = List.copyOf(operations);
        draining = Map.copyOf(draining);
        settled = java.util.Collections.unmodifiableMap(settled);
    }

    public ReconcilePlan(List<PlannedOperation> operations, Map<DestinationRef, Instant> draining) {
        this(operations, draining, Map.of());
    }

    public List<IpvsOperation> ops() {
        return operations.stream().map(PlannedOperation::operation).toList();
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}

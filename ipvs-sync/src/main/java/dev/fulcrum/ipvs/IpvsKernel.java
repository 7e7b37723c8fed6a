package dev.fulcrum.ipvs;

import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler needs from the kernel: read the table whole or one service at a time, apply
 * operations, flush. An interface so the executor's bookkeeping can be unit-tested against an in-memory
 * table; {@link IpvsClient} is the real one. Reading per service exists because a whole-table read costs
 * one dump per service: the reconciler re-reads only what it has reason to doubt.
 */
public interface IpvsKernel {
    /** The whole table: every service with its destinations. */
    KernelTable table();

    /** Every service, without destinations (one dump). */
    List<ServiceEntry> services();

    /** One service, or empty when the kernel has no such service. */
    Optional<ServiceEntry> service(ServiceKey key);

    /** The destinations of one service; empty for an unknown service. */
    List<DestinationEntry> destinations(ServiceKey key);

    /** Performs {@code ops} in order; one result per operation, a failure never stops the rest. */
    List<OperationResult> apply(List<? extends IpvsOperation> ops);

    /** Deletes every service of the namespace, Fulcrum's or not. */
    void flush();
}

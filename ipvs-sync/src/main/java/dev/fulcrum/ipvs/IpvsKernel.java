package dev.fulcrum.ipvs;

import dev.fulcrum.ipvs.model.KernelTable;
import java.util.List;

/**
 * What the reconciler needs from the kernel: read the table, apply operations. An interface so the
 * executor's bookkeeping can be unit-tested against an in-memory table; {@link IpvsClient} is the real one.
 */
public interface IpvsKernel {
    KernelTable table();

    List<OperationResult> apply(List<? extends IpvsOperation> ops);
}

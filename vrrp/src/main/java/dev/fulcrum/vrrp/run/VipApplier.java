package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.spec.VipSpec;
import java.io.IOException;
import java.util.List;

/**
 * Puts VIPs on interfaces and takes them off. An interface, because the VRRP edge must not care whether
 * rtnetlink or a fallback does the work, and the runner's tests must be able to see what was asked.
 * Both operations are idempotent: adding a present VIP or removing an absent one is not an error.
 */
public interface VipApplier extends AutoCloseable {
    void add(List<VipSpec> vips, String defaultDev) throws IOException;

    void remove(List<VipSpec> vips, String defaultDev) throws IOException;

    @Override
    default void close() {
    }
}

package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.spec.VirtualRoute;
import dev.fulcrum.vrrp.spec.VirtualRule;
import java.io.IOException;
import java.util.List;

/**
 * Puts VIPs on interfaces and takes them off. An interface, because the VRRP edge must not care whether
 * rtnetlink or a fallback does the work, and the runner's tests must be able to see what was asked.
 * Both operations are idempotent: adding a present VIP or removing an absent one is not an error.
 * The instance's {@code virtual_routes} and {@code virtual_rules} travel with its VIPs (added after
 * them, removed before them), so they go through the same edge.
 */
public interface VipApplier extends AutoCloseable {
    void add(List<VipSpec> vips, String defaultDev) throws IOException;

    void remove(List<VipSpec> vips, String defaultDev) throws IOException;

    /** Adds the routes, then the rules; idempotent like {@link #add}. */
    default void addRouting(List<VirtualRoute> routes, List<VirtualRule> rules, String defaultDev) throws IOException {
        if (!routes.isEmpty() || !rules.isEmpty()) {
            throw new IOException(getClass().getSimpleName() + " cannot apply virtual_routes / virtual_rules");
        }
    }

    /** Removes the rules, then the routes; absent ones are not an error. */
    default void removeRouting(List<VirtualRoute> routes, List<VirtualRule> rules, String defaultDev) throws IOException {
        if (!routes.isEmpty() || !rules.isEmpty()) {
            throw new IOException(getClass().getSimpleName() + " cannot apply virtual_routes / virtual_rules");
        }
    }

    @Override
    default void close() {
    }
}

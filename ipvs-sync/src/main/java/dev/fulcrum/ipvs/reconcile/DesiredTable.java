package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.model.ServiceKey;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the kernel should hold for the services Fulcrum owns: immutable, so a reconcile pass works on
 * one consistent picture while health checks and reloads publish the next one.
 */
public final class DesiredTable {
    private static final DesiredTable EMPTY = new DesiredTable(Map.of());
    private final Map<ServiceKey, DesiredService> services;

    public DesiredTable(Map<ServiceKey, DesiredService> services) {
        this.services = dev.fulcrum.ipvs.model.SortedLookup.copyOf(services);
    }

    public static DesiredTable empty() {
        return EMPTY;
    }

    public static DesiredTable of(Collection<DesiredService> services) {
        Map<ServiceKey, DesiredService> m = new TreeMap<>();
        for (DesiredService s : services) {
            if (m.put(s.service().key(), s) != null) {
                throw new IllegalArgumentException("duplicate virtual server " + s.service().key().describe());
            }
        }
        return new DesiredTable(m);
    }

    public Map<ServiceKey, DesiredService> services() {
        return services;
    }

    public Optional<DesiredService> get(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }

    public int destinationCount() {
        return services.values().stream().mapToInt(s -> s.destinations().size()).sum();
    }

    /** A copy with {@code service} added or replaced. */
    public DesiredTable with(DesiredService service) {
        Map<ServiceKey, DesiredService> m = new TreeMap<>(services);
        m.put(service.service().key(), service);
        return new DesiredTable(m);
    }

    /** A copy without {@code key}. */
    public DesiredTable without(ServiceKey key) {
        Map<ServiceKey, DesiredService> m = new TreeMap<>(services);
        m.remove(key);
        return new DesiredTable(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesiredTable t && t.services.equals(services);
    }

    @Override
    public int hashCode() {
        return services.hashCode();
    }
}

package dev.fulcrum.ipvs.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of the kernel's IPVS table: every service with its destinations, counters included. The
 * reconciler diffs against it; the CLI prints it. Immutable; sorted like {@code ipvsadm -Ln}.
 */
public final class KernelTable {
    private final Map<ServiceKey, Entry> services;

    /** A service and its destinations, keyed by destination identity. */
    public record Entry(ServiceEntry service, Map<DestinationId, DestinationEntry> destinations) {
        public Entry {
            destinations = SortedLookup.copyOf(destinations);
        }
    }

    public KernelTable(Map<ServiceKey, Entry> services) {
        this.services = SortedLookup.copyOf(services);
    }

    public static KernelTable of(List<ServiceEntry> services, Map<ServiceKey, List<DestinationEntry>> dests) {
        Map<ServiceKey, Entry> m = new LinkedHashMap<>();
        for (ServiceEntry s : services) {
            Map<DestinationId, DestinationEntry> d = new LinkedHashMap<>();
            for (DestinationEntry e : dests.getOrDefault(s.key(), List.of())) {
                d.put(e.id(), e);
            }
            m.put(s.key(), new Entry(s, d));
        }
        return new KernelTable(m);
    }

    public static KernelTable empty() {
        return new KernelTable(Map.of());
    }

    public Map<ServiceKey, Entry> services() {
        return services;
    }

    public Optional<Entry> get(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }

    public int serviceCount() {
        return services.size();
    }

    public int destinationCount() {
        int n = 0;
        for (Entry e : services.values()) {
            n += e.destinations().size();
        }
        return n;
    }
}

package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.Service;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A configured virtual service and its real servers, keyed by destination identity. */
public record DesiredService(Service service, Map<DestinationId, DesiredDestination> destinations) {
    public DesiredService {
        destinations = dev.fulcrum.ipvs.model.SortedLookup.copyOf(destinations);
    }

    public static DesiredService of(Service service, List<DesiredDestination> dests) {
        Map<DestinationId, DesiredDestination> m = new TreeMap<>();
        for (DesiredDestination d : dests) {
            if (m.put(d.destination().id(), d) != null) {
                throw new IllegalArgumentException("duplicate real server " + d.destination().id() + " in " + service.key().describe());
            }
        }
        return new DesiredService(service, m);
    }
}

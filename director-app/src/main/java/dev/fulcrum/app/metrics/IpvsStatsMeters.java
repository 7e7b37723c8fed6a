package dev.fulcrum.app.metrics;

import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Stats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The IPVS counters as one Micrometer meter per series, for registries that are not Prometheus's (unit
 * tests, other backends). Costly at scale: seven meters per real server, and each removal scans the
 * registry; a Prometheus registry gets {@link IpvsStatsCollector} instead.
 */
final class IpvsStatsMeters {
    private final MeterRegistry registry;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final Map<String, int[]> conns = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> meters = new HashMap<>();

    IpvsStatsMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers meters for new objects, updates values, removes the meters of objects gone from the kernel. */
    synchronized void update(KernelTable table) {
        Set<String> seen = new HashSet<>();
        for (KernelTable.Entry e : table.services().values()) {
            String svc = IpvsStatsSeries.service(e);
            seen.add(svc);
            stats.put(svc, e.service().stats());
            meters.computeIfAbsent(svc, k -> register(IpvsStatsSeries.SERVICE_PREFIX, Tags.of("service", svc), k, false));
            for (var d : e.destinations().values()) {
                String rs = IpvsStatsSeries.realServer(d);
                String dk = svc + " " + rs;
                seen.add(dk);
                stats.put(dk, d.stats());
                conns.put(dk, new int[] {d.activeConnections(), d.inactiveConnections()});
                meters.computeIfAbsent(dk, k -> register(IpvsStatsSeries.REALSERVER_PREFIX, Tags.of("service", svc, "real_server", rs), k, true));
            }
        }
        for (String k : new ArrayList<>(meters.keySet())) {
            if (!seen.contains(k)) {
                meters.remove(k).forEach(registry::remove);
                stats.remove(k);
                conns.remove(k);
            }
        }
    }

    /** Meters currently registered by this object. */
    synchronized int meterCount() {
        int n = 0;
        for (List<Meter> l : meters.values()) {
            n += l.size();
        }
        return n;
    }

    private List<Meter> register(String prefix, Tags tags, String key, boolean dest) {
        String p = prefix.replace('_', '.');
        List<Meter> out = new ArrayList<>();
        out.add(counter(p + ".connections", tags, key, Stats::connections, IpvsStatsSeries.CONNECTIONS_HELP));
        out.add(counter(p + ".packets", tags.and("direction", "in"), key, Stats::inPackets, IpvsStatsSeries.PACKETS_HELP));
        out.add(counter(p + ".packets", tags.and("direction", "out"), key, Stats::outPackets, IpvsStatsSeries.PACKETS_HELP));
        out.add(counter(p + ".bytes", tags.and("direction", "in"), key, Stats::inBytes, IpvsStatsSeries.BYTES_HELP));
        out.add(counter(p + ".bytes", tags.and("direction", "out"), key, Stats::outBytes, IpvsStatsSeries.BYTES_HELP));
        if (dest) {
            out.add(Gauge.builder(p + ".active.connections", conns, m -> m.getOrDefault(key, new int[2])[0]).tags(tags)
                    .description(IpvsStatsSeries.ACTIVE_HELP).register(registry));
            out.add(Gauge.builder(p + ".inactive.connections", conns, m -> m.getOrDefault(key, new int[2])[1]).tags(tags)
                    .description(IpvsStatsSeries.INACTIVE_HELP).register(registry));
        }
        return out;
    }

    private Meter counter(String name, Tags tags, String key, ToDoubleFunction<Stats> f, String help) {
        return FunctionCounter.builder(name, stats, m -> f.applyAsDouble(m.getOrDefault(key, Stats.ZERO))).tags(tags)
                .description(help).register(registry);
    }
}

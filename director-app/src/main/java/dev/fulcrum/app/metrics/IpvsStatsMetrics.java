package dev.fulcrum.app.metrics;

import dev.fulcrum.ipvs.model.DestinationEntry;
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
 * The kernel's own IPVS counters, per service and per real server, as Prometheus counters: connections,
 * packets and bytes in and out, plus active/inactive connection gauges. Fed with a fresh kernel dump;
 * meters appear and disappear with the services and destinations the kernel holds.
 */
public final class IpvsStatsMetrics {
    private final MeterRegistry registry;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final Map<String, int[]> conns = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> meters = new HashMap<>();

    public IpvsStatsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Updates values from a kernel dump; called from one thread. */
    public synchronized void update(KernelTable table) {
        Set<String> seen = new HashSet<>();
        for (KernelTable.Entry e : table.services().values()) {
            String svc = e.service().key().describe();
            String sk = svc;
            seen.add(sk);
            stats.put(sk, e.service().stats());
            meters.computeIfAbsent(sk, k -> register("fulcrum.ipvs.service", Tags.of("service", svc), k, false));
            for (DestinationEntry d : e.destinations().values()) {
                String rs = d.destination().address().getHostAddress() + ":" + d.destination().port();
                String dk = svc + " " + rs;
                seen.add(dk);
                stats.put(dk, d.stats());
                conns.put(dk, new int[] {d.activeConnections(), d.inactiveConnections()});
                meters.computeIfAbsent(dk, k -> register("fulcrum.ipvs.realserver", Tags.of("service", svc, "real_server", rs), k, true));
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

    private List<Meter> register(String prefix, Tags tags, String key, boolean dest) {
        List<Meter> out = new ArrayList<>();
        out.add(counter(prefix + ".connections", tags, key, Stats::connections, "connections scheduled"));
        out.add(counter(prefix + ".packets", tags.and("direction", "in"), key, Stats::inPackets, "packets"));
        out.add(counter(prefix + ".packets", tags.and("direction", "out"), key, Stats::outPackets, "packets"));
        out.add(counter(prefix + ".bytes", tags.and("direction", "in"), key, Stats::inBytes, "bytes"));
        out.add(counter(prefix + ".bytes", tags.and("direction", "out"), key, Stats::outBytes, "bytes"));
        if (dest) {
            out.add(Gauge.builder(prefix + ".active.connections", conns, m -> m.getOrDefault(key, new int[2])[0]).tags(tags)
                    .description("active connections").register(registry));
            out.add(Gauge.builder(prefix + ".inactive.connections", conns, m -> m.getOrDefault(key, new int[2])[1]).tags(tags)
                    .description("inactive connections").register(registry));
        }
        return out;
    }

    private Meter counter(String name, Tags tags, String key, ToDoubleFunction<Stats> f, String what) {
        return FunctionCounter.builder(name, stats, m -> f.applyAsDouble(m.getOrDefault(key, Stats.ZERO))).tags(tags)
                .description(what + " counted by the kernel").register(registry);
    }
}

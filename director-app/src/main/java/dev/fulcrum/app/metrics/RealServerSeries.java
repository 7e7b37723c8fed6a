package dev.fulcrum.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code fulcrum_realserver_up} and {@code fulcrum_realserver_weight}, one pair per real server. On a
 * Prometheus registry they are written at scrape time from a map: at 5,000 services x 4 servers one
 * Micrometer gauge each is 40,000 meters, and Micrometer's {@code remove} scans every meter, so a reload
 * dropping 50 servers spent seconds removing their gauges. Any other registry (unit tests) gets one gauge
 * pair per server. {@code fulcrum_realserver_transitions_total} counters exist only for servers that
 * changed state, and leave with their server. Written by the director thread only; read by scrapes.
 */
public final class RealServerSeries {
    private static final String UP_HELP = "1 when every checker of the real server is up";
    private static final String WEIGHT_HELP = "effective weight (configured + dynamic)";

    /** One real server's values. */
    private record Values(String virtualServer, String realServer, double up, double weight) {
    }

    private final MeterRegistry registry;
    private final boolean collected;
    private final Map<String, Values> values = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> meters = new HashMap<>();
    private final Map<String, List<Meter>> transitions = new HashMap<>();

    public RealServerSeries(MeterRegistry registry) {
        this.registry = registry;
        this.collected = registry instanceof PrometheusMeterRegistry;
        if (registry instanceof PrometheusMeterRegistry prom) {
            prom.getPrometheusRegistry().register(this::snapshot);
        }
    }

    /** Sets the values of the server known by {@code key} (virtual server + endpoint). */
    public void put(String key, String virtualServer, String realServer, boolean up, double weight) {
        Values was = values.put(key, new Values(virtualServer, realServer, up ? 1 : 0, weight));
        if (was == null && !collected) {
            Tags tags = Tags.of("virtual_server", virtualServer, "real_server", realServer);
            meters.put(key, List.of(
                    Gauge.builder("fulcrum.realserver.up", values, m -> m.containsKey(key) ? m.get(key).up() : 0).tags(tags)
                            .description(UP_HELP).register(registry),
                    Gauge.builder("fulcrum.realserver.weight", values, m -> m.containsKey(key) ? m.get(key).weight() : 0).tags(tags)
                            .description(WEIGHT_HELP).register(registry)));
        }
    }

    /** Counts one up/down transition of the server known by {@code key}. */
    public void transition(String key, String virtualServer, String realServer, boolean up) {
        io.micrometer.core.instrument.Counter c = registry.counter("fulcrum.realserver.transitions", "virtual_server", virtualServer,
                "real_server", realServer, "to", up ? "up" : "down");
        List<Meter> known = transitions.computeIfAbsent(key, k -> new ArrayList<>(2));
        if (!known.contains(c)) {
            known.add(c);
        }
        c.increment();
    }

    /** Drops the server known by {@code key}: its values and its transition counters. */
    public void remove(String key) {
        values.remove(key);
        List<Meter> ms = meters.remove(key);
        if (ms != null) {
            ms.forEach(registry::remove);
        }
        List<Meter> ts = transitions.remove(key);
        if (ts != null) {
            ts.forEach(registry::remove);
        }
    }

    private MetricSnapshots snapshot() {
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("fulcrum_realserver_up").help(UP_HELP);
        GaugeSnapshot.Builder weight = GaugeSnapshot.builder().name("fulcrum_realserver_weight").help(WEIGHT_HELP);
        for (Values s : values.values()) {
            Labels labels = Labels.of("real_server", s.realServer(), "virtual_server", s.virtualServer());
            up.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(s.up()).build());
            weight.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(s.weight()).build());
        }
        return MetricSnapshots.of(up.build(), weight.build());
    }
}

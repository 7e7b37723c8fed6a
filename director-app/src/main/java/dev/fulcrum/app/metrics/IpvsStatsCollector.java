package dev.fulcrum.app.metrics;

import static dev.fulcrum.app.metrics.IpvsStatsSeries.ACTIVE_HELP;
import static dev.fulcrum.app.metrics.IpvsStatsSeries.BYTES_HELP;
import static dev.fulcrum.app.metrics.IpvsStatsSeries.CONNECTIONS_HELP;
import static dev.fulcrum.app.metrics.IpvsStatsSeries.INACTIVE_HELP;
import static dev.fulcrum.app.metrics.IpvsStatsSeries.PACKETS_HELP;
import static dev.fulcrum.app.metrics.IpvsStatsSeries.REALSERVER_PREFIX;
import static dev.fulcrum.app.metrics.IpvsStatsSeries.SERVICE_PREFIX;

import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Stats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;

/**
 * The IPVS counter series built at scrape time from the latest kernel snapshot. Why not one Micrometer
 * meter per series: at 5,000 services x 4 real servers that is 165,000 meters (memory, start-up time),
 * and each Micrometer {@code remove} scans all of them, so a reload dropping servers spent seconds.
 * Here an object's series exist exactly while the snapshot holds it, with the kernel's own values.
 */
final class IpvsStatsCollector implements MultiCollector {
    private static final List<String> NAMES = List.of(
            SERVICE_PREFIX + "_connections", SERVICE_PREFIX + "_packets", SERVICE_PREFIX + "_bytes",
            REALSERVER_PREFIX + "_connections", REALSERVER_PREFIX + "_packets", REALSERVER_PREFIX + "_bytes",
            REALSERVER_PREFIX + "_active_connections", REALSERVER_PREFIX + "_inactive_connections");
    private final Supplier<KernelTable> snapshot;

    /** @param snapshot the latest kernel table, or null before the first read-back (no series then) */
    IpvsStatsCollector(Supplier<KernelTable> snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public MetricSnapshots collect() {
        KernelTable t = snapshot.get();
        Family svc = new Family(SERVICE_PREFIX);
        Family rs = new Family(REALSERVER_PREFIX);
        var active = GaugeSnapshot.builder().name(REALSERVER_PREFIX + "_active_connections").help(ACTIVE_HELP);
        var inactive = GaugeSnapshot.builder().name(REALSERVER_PREFIX + "_inactive_connections").help(INACTIVE_HELP);
        if (t != null) {
            for (KernelTable.Entry e : t.services().values()) {
                String service = IpvsStatsSeries.service(e);
                svc.add(e.service().stats(), "service", service, null, null);
                for (DestinationEntry d : e.destinations().values()) {
                    String real = IpvsStatsSeries.realServer(d);
                    Labels labels = rs.add(d.stats(), "real_server", real, "service", service);
                    active.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(d.activeConnections()).build());
                    inactive.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(d.inactiveConnections()).build());
                }
            }
        }
        return MetricSnapshots.of(svc.connections.build(), svc.packets.build(), svc.bytes.build(),
                rs.connections.build(), rs.packets.build(), rs.bytes.build(), active.build(), inactive.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return NAMES;
    }

    /** The three counters of one object kind; label names are given in sorted order, after "direction". */
    private static final class Family {
        final CounterSnapshot.Builder connections;
        final CounterSnapshot.Builder packets;
        final CounterSnapshot.Builder bytes;

        Family(String prefix) {
            connections = CounterSnapshot.builder().name(prefix + "_connections").help(CONNECTIONS_HELP);
            packets = CounterSnapshot.builder().name(prefix + "_packets").help(PACKETS_HELP);
            bytes = CounterSnapshot.builder().name(prefix + "_bytes").help(BYTES_HELP);
        }

        /** Adds one object's five series; returns its labels without direction. */
        Labels add(Stats s, String n1, String v1, String n2, String v2) {
            Labels base = n2 == null ? Labels.of(n1, v1) : Labels.of(n1, v1, n2, v2);
            Labels in = n2 == null ? Labels.of("direction", "in", n1, v1) : Labels.of("direction", "in", n1, v1, n2, v2);
            Labels out = n2 == null ? Labels.of("direction", "out", n1, v1) : Labels.of("direction", "out", n1, v1, n2, v2);
            connections.dataPoint(point(base, s.connections()));
            packets.dataPoint(point(in, s.inPackets()));
            packets.dataPoint(point(out, s.outPackets()));
            bytes.dataPoint(point(in, s.inBytes()));
            bytes.dataPoint(point(out, s.outBytes()));
            return base;
        }

        private static CounterDataPointSnapshot point(Labels labels, long value) {
            return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
        }
    }
}

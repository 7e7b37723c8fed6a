package dev.fulcrum.app.metrics;

import dev.fulcrum.ipvs.model.KernelTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The kernel's own IPVS counters, per service and per real server, as Prometheus counters: connections,
 * packets and bytes in and out, plus active/inactive connection gauges. Fed with the latest kernel dump;
 * series appear and disappear with the services and destinations the kernel holds. On a Prometheus
 * registry the series are written at scrape time from that dump (no meter per series, see
 * {@link IpvsStatsCollector}); any other registry gets one Micrometer meter per series.
 */
public final class IpvsStatsMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry prometheus;
    private final IpvsStatsCollector collector;
    private final IpvsStatsMeters meters;
    private volatile KernelTable latest;

    public IpvsStatsMetrics(MeterRegistry registry) {
        this(registry, true);
    }

    /** @param scrapeTime false forces one meter per series even on a Prometheus registry (comparison tests, benchmark) */
    IpvsStatsMetrics(MeterRegistry registry, boolean scrapeTime) {
        if (scrapeTime && registry instanceof PrometheusMeterRegistry prom) {
            prometheus = prom;
            collector = new IpvsStatsCollector(() -> latest);
            prom.getPrometheusRegistry().register(collector);
            meters = null;
        } else {
            prometheus = null;
            collector = null;
            meters = new IpvsStatsMeters(registry);
        }
    }

    /** Publishes a kernel dump: the values (and set of series) of every scrape until the next one. */
    public void update(KernelTable table) {
        if (table == null) {
            return; // no read-back yet: keep what was published
        }
        latest = table;
        if (meters != null) {
            meters.update(table);
        }
    }

    /** Micrometer meters this object holds: 0 with the scrape-time collector. */
    public int meterCount() {
        return meters == null ? 0 : meters.meterCount();
    }

    /** Withdraws the series from the registry (the collector; fallback meters stay until the registry closes). */
    @Override
    public void close() {
        if (collector != null) {
            prometheus.getPrometheusRegistry().unregister(collector);
        }
    }
}

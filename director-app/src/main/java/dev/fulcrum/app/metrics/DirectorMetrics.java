package dev.fulcrum.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one registry of a director process, with the JVM and process binders operators expect. The
 * registry is created first and empty, so that VRRP can count from its first event; the binders (JMX
 * beans, GC listeners: most of the metrics set-up cost) are bound once the VRRP instances are running.
 */
public final class DirectorMetrics {
    private DirectorMetrics() {
    }

    /** The registry without binders: cheap enough to sit before VRRP on the start-up path. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** The JVM and process meters; bound after VRRP has started (they describe the process, not events). */
    public static void bindProcessMetrics(MeterRegistry r) {
        new JvmMemoryMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ClassLoaderMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        new FileDescriptorMetrics().bindTo(r);
        // JvmGcMetrics keeps listeners registered for the life of the process, as a daemon wants
        new JvmGcMetrics().bindTo(r);
    }
}

package dev.fulcrum.app.daemon;

import dev.fulcrum.app.metrics.IpvsStatsMetrics;
import dev.fulcrum.app.sync.SyncDaemonRoles;
import dev.fulcrum.conf.model.LvsFlushOnStop;
import dev.fulcrum.ipvs.IpvsClient;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.Timeouts;
import dev.fulcrum.ipvs.reconcile.AppliedServicesFile;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.IpvsReconciler;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import dev.fulcrum.ipvs.reconcile.ReconcileReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director's kernel edge: one netlink client, the reconciler with its periodic resync, and a
 * "kick" that runs a pass as soon as a new desired table is published. Kicks coalesce: however many
 * tables arrive during a pass, one more pass follows, with the newest table.
 */
public final class KernelIpvsEdge implements IpvsEdge {
    private static final Logger log = LoggerFactory.getLogger(KernelIpvsEdge.class);
    private final IpvsClient client;
    private final IpvsReconciler reconciler;
    private final ExecutorService kicker;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Timer applyTimer;
    private final IpvsStatsMetrics statsMetrics;
    private final java.util.concurrent.ScheduledExecutorService statsTimer;

    private KernelIpvsEdge(IpvsClient client, IpvsReconciler reconciler, MeterRegistry registry) {
        this.client = client;
        this.reconciler = reconciler;
        this.kicker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ipvs-kick");
            t.setDaemon(true);
            return t;
        });
        this.applyTimer = Timer.builder("fulcrum.ipvs.apply.duration").description("time of reconcile passes triggered by changes")
                .register(registry);
        this.statsMetrics = new IpvsStatsMetrics(registry);
        this.statsTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ipvs-stats");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Kernel counters for the metrics endpoint, from the reconciler's last read-back (no extra dump): the
     * snapshot is published, and scrapes until the next refresh read it.
     */
    private void refreshStats() {
        try {
            statsMetrics.update(reconciler.lastObserved());
        } catch (RuntimeException e) {
            log.debug("ipvs stats: {}", e.toString());
        }
    }

    /**
     * Opens the kernel's IPVS.
     *
     * @throws dev.fulcrum.ipvs.IpvsUnavailableException with one clear sentence when the kernel has no IPVS
     */
    public static KernelIpvsEdge open(Path stateDirectory, ReconcileOptions options, MeterRegistry registry) {
        IpvsClient client = IpvsClient.open();
        IpvsReconciler r = new IpvsReconciler(client, new AppliedServicesFile(stateDirectory.resolve("ipvs-owned-services")), options, registry);
        KernelIpvsEdge edge = new KernelIpvsEdge(client, r, registry);
        r.start();
        long period = Math.max(1000, options.resyncPeriod().toMillis());
        edge.statsTimer.scheduleWithFixedDelay(edge::refreshStats, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        return edge;
    }

    @Override
    public void publish(DesiredTable table) {
        reconciler.desired(table);
        if (pending.compareAndSet(false, true)) {
            kicker.execute(() -> {
                pending.set(false);
                long t0 = System.nanoTime();
                try {
                    ReconcileReport rep = reconciler.kick();
                    if (rep.issued() > 0) {
                        log.info("ipvs: {} ({})", rep, rep.timings());
                    } else {
                        log.debug("ipvs: nothing to change ({})", rep.timings());
                    }
                } catch (RuntimeException e) {
                    log.error("ipvs: reconcile pass failed: {}", e.getMessage());
                } finally {
                    applyTimer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            });
        }
    }

    @Override
    public void options(ReconcileOptions options) {
        // the reconciler keeps the options it was opened with; lvs_flush and the resync period apply at start
    }

    @Override
    public List<SyncDaemon> runningDaemons() {
        return client.daemons();
    }

    @Override
    public void apply(List<SyncDaemonRoles.Step> steps) {
        for (SyncDaemonRoles.Step s : steps) {
            if (s instanceof SyncDaemonRoles.Stop stop) {
                client.stopDaemon(stop.role());
            } else if (s instanceof SyncDaemonRoles.Start start) {
                client.startDaemon(start.daemon());
            }
        }
    }

    @Override
    public Timeouts timeouts() {
        return client.timeouts();
    }

    @Override
    public void timeouts(Timeouts t) {
        client.setTimeouts(t);
    }

    @Override
    public void clearOwned() {
        clearOwned(LvsFlushOnStop.OFF);
    }

    @Override
    public void clearOwned(LvsFlushOnStop mode) {
        statsTimer.shutdownNow();
        kicker.shutdownNow();
        reconciler.close();
        if (mode == LvsFlushOnStop.FLUSH) {
            ReconcileReport r = reconciler.flushTable();
            log.info("ipvs: lvs_flush_on_stop: flushed the whole table ({} service(s), {})", r.removed(), r.timings());
            return;
        }
        // OFF and VS alike delete each owned service once; the kernel drops its destinations with it
        ReconcileReport r = reconciler.clear();
        log.info("ipvs: removed the owned services: {} ({})", r, r.timings());
    }

    @Override
    public void close() {
        statsTimer.shutdownNow();
        statsMetrics.close();
        kicker.shutdownNow();
        reconciler.close();
        client.close();
    }
}

package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.IpvsKernel;
import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.OperationResult;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's IPVS table equal to the desired table for every service Fulcrum owns. Each pass
 * reads the kernel back, asks {@link ReconcilePlanner} for the minimal operations and applies them in
 * one batch. The kernel never reports changes made by others, so only reading back finds drift; a
 * periodic pass ({@link #start()}) repairs it. Failures are per object: logged, counted, and retried
 * by the next pass because the plan is recomputed from what the kernel really holds.
 *
 * <p>Metrics: {@code fulcrum_ipvs_operations_total{kind,result}}, {@code fulcrum_ipvs_repairs_total},
 * {@code fulcrum_ipvs_errors_total{kind}}, {@code fulcrum_ipvs_reconcile_passes_total}.
 */
public final class IpvsReconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpvsReconciler.class);
    private final IpvsKernel kernel;
    private final AppliedServicesFile applied;
    private final ReconcileOptions options;
    private final ReconcilePlanner planner;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter repairs;
    private final Counter passes;
    private volatile DesiredTable desired = DesiredTable.empty();
    private volatile KernelTable lastObserved = KernelTable.empty();
    private DesiredTable previous = DesiredTable.empty();
    private Map<DestinationRef, Instant> draining = Map.of();
    private ScheduledExecutorService timer;
    private final Map<String, Counter> okCounters = new java.util.concurrent.ConcurrentHashMap<>();

    public IpvsReconciler(IpvsKernel kernel, AppliedServicesFile applied, ReconcileOptions options, MeterRegistry registry) {
        this(kernel, applied, options, registry, Clock.systemUTC());
    }

    public IpvsReconciler(IpvsKernel kernel, AppliedServicesFile applied, ReconcileOptions options, MeterRegistry registry, Clock clock) {
        this.kernel = kernel;
        this.applied = applied;
        this.options = options;
        this.planner = new ReconcilePlanner(options);
        this.registry = registry;
        this.clock = clock;
        this.repairs = Counter.builder("fulcrum.ipvs.repairs").description("drift found in the kernel and repaired").register(registry);
        this.passes = Counter.builder("fulcrum.ipvs.reconcile.passes").description("reconcile passes run").register(registry);
    }

    /** Publishes a new desired table; the next pass applies it. */
    public void desired(DesiredTable table) {
        this.desired = table;
    }

    public DesiredTable desired() {
        return desired;
    }

    /**
     * The kernel table as the last pass read it back (before that pass's operations), with the kernel's
     * counters: what the metrics expose, so statistics cost no dump of their own.
     */
    public KernelTable lastObserved() {
        return lastObserved;
    }

    /** Destinations currently draining (weight 0, waiting for their connections to end). */
    public synchronized Set<DestinationRef> draining() {
        return Set.copyOf(draining.keySet());
    }

    /** Reads the kernel, plans, applies; one pass. */
    public synchronized ReconcileReport reconcileOnce() {
        return pass(desired);
    }

    /** Removes every service Fulcrum owns (desired now or applied before) and forgets them. */
    public synchronized ReconcileReport clear() {
        Set<ServiceKey> owned = new TreeSet<>(applied.load());
        owned.addAll(desired.services().keySet());
        desired = DesiredTable.empty();
        long t0 = System.nanoTime();
        KernelTable observed = kernel.table();
        long t1 = System.nanoTime();
        List<IpvsOperation> ops = new ArrayList<>();
        for (ServiceKey k : observed.services().keySet()) {
            if (owned.contains(k)) {
                ops.add(new IpvsOperation.DeleteService(k));
            }
        }
        List<OperationResult> results = kernel.apply(ops);
        long t2 = System.nanoTime();
        Set<ServiceKey> stillThere = new TreeSet<>();
        int removed = 0;
        List<OperationResult> failures = new ArrayList<>();
        for (OperationResult r : results) {
            count(r);
            if (r.ok()) {
                removed++;
                if (LOG.isInfoEnabled()) {
                    LOG.info("ipvs clear: {}", r.operation().describe());
                }
            } else {
                stillThere.add(r.operation().service());
                failures.add(r);
                LOG.warn("ipvs clear failed: {}: {}", r.operation().describe(), r.error().get().getMessage());
            }
        }
        applied.save(stillThere);
        previous = DesiredTable.empty();
        draining = Map.of();
        return new ReconcileReport(0, 0, removed, failures.size(), 0, ops.size(), failures,
                Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
    }

    private ReconcileReport pass(DesiredTable want) {
        passes.increment();
        long t0 = System.nanoTime();
        KernelTable observed = kernel.table();
        lastObserved = observed;
        long t1 = System.nanoTime();
        Set<ServiceKey> previouslyApplied = applied.load();
        Set<ServiceKey> owned = new HashSet<>(previouslyApplied);
        owned.addAll(want.services().keySet());
        ReconcilePlan plan = planner.plan(want, previous, observed, owned, draining, clock.instant());
        // Record ownership before touching the kernel, so a crash mid-pass still knows what it created.
        Set<ServiceKey> nowOwned = new TreeSet<>(owned);
        if (!nowOwned.equals(previouslyApplied)) {
            applied.save(nowOwned);
        }
        List<OperationResult> results = plan.isEmpty() ? List.of() : kernel.apply(plan.ops());
        long t2 = System.nanoTime();
        int added = 0;
        int updated = 0;
        int removed = 0;
        int repaired = 0;
        List<OperationResult> failures = new ArrayList<>();
        Set<ServiceKey> deleteFailed = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            OperationResult r = results.get(i);
            PlannedOperation p = plan.operations().get(i);
            count(r);
            IpvsOperation op = r.operation();
            if (!r.ok()) {
                failures.add(r);
                if (op instanceof IpvsOperation.DeleteService) {
                    deleteFailed.add(op.service());
                }
                LOG.warn("ipvs {} failed, retrying next pass: {}", op.kind(), r.error().get().getMessage());
                continue;
            }
            if (p.reason() == PlannedOperation.Reason.REPAIR) {
                repaired++;
                repairs.increment();
                LOG.warn("ipvs repair (kernel drifted): {}", op.describe());
            } else if (LOG.isInfoEnabled()) {
                LOG.info(p.reason() == PlannedOperation.Reason.DRAIN ? "ipvs drain: {}" : "ipvs {}", op.describe());
            }
            if (op instanceof IpvsOperation.AddService || op instanceof IpvsOperation.AddDestination) {
                added++;
            } else if (op instanceof IpvsOperation.UpdateService || op instanceof IpvsOperation.UpdateDestination) {
                updated++;
            } else {
                removed++;
            }
        }
        Set<ServiceKey> finalOwned = new TreeSet<>(want.services().keySet());
        finalOwned.addAll(deleteFailed);
        if (!finalOwned.equals(nowOwned)) {
            applied.save(finalOwned);
        }
        previous = want;
        draining = plan.draining();
        return new ReconcileReport(added, updated, removed, failures.size(), repaired, results.size(), failures,
                Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
    }

    private void count(OperationResult r) {
        String kind = r.operation().kind();
        if (r.ok()) {
            // bulk passes count tens of thousands of operations: resolve each meter once
            okCounters.computeIfAbsent(kind, k -> registry.counter("fulcrum.ipvs.operations", "kind", k, "result", "ok")).increment();
            return;
        }
        registry.counter("fulcrum.ipvs.operations", "kind", kind, "result", "error").increment();
        registry.counter("fulcrum.ipvs.errors", "kind", kind, "errno", r.errnoName()).increment();
    }

    /** Starts periodic passes every {@code options.resyncPeriod()} on a daemon thread. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ipvs-reconciler");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, options.resyncPeriod().toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                ReconcileReport rep = reconcileOnce();
                if (rep.issued() > 0) {
                    LOG.info("ipvs reconcile pass: {}", rep);
                }
            } catch (RuntimeException e) {
                registry.counter("fulcrum.ipvs.errors", "kind", "pass", "errno", "").increment();
                LOG.error("ipvs reconcile pass failed: {}", e.getMessage());
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}

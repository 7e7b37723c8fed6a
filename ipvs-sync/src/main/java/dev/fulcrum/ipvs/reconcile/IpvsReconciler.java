package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.IpvsKernel;
import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.OperationResult;
import dev.fulcrum.net.netlink.Errno;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Keeps the kernel's IPVS table equal to the desired table for every service Fulcrum owns.
 *
 * <p>Why it is shaped like this: reading the kernel back costs one dump per service, seconds at
 * thousands of services, while a change (a reload, a health transition) usually touches a handful. So
 * the reconciler keeps a {@link KernelModel} of what the kernel holds (the last read-back advanced by
 * every acknowledged operation) and a change-triggered pass ({@link #kick()}) plans against it without
 * reading anything, except the services it has reason to doubt (an operation on them failed) and the
 * ones about to be drained (their connection counts decide). The kernel never reports changes made by
 * others, so only reading back finds drift: the periodic {@link #resync()} reads the whole table
 * <em>without</em> holding the lock that kicks need, then merges what it read (services the kicks
 * touched meanwhile keep the model's view) and repairs the differences. {@link #reconcileOnce()} is
 * the plain read-everything-then-apply pass. Failures are per object: logged, counted, and retried by
 * the next pass. Ownership is written before the kernel is touched.
 *
 * <p>Metrics: {@code fulcrum_ipvs_operations_total{kind,result}}, {@code fulcrum_ipvs_repairs_total},
 * {@code fulcrum_ipvs_errors_total{kind}}, {@code fulcrum_ipvs_reconcile_passes_total}.
 */
public final class IpvsReconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpvsReconciler.class);
    /**
     * A pass with more operations logs them one per line at DEBUG only (and their count at INFO, with the
     * edge's summary): the first pass of 5,000 services is 25,000 operations, and writing a line for each
     * took ten seconds of the emulated VM's CPU after the table was already in the kernel, holding up a
     * stop that came meanwhile.
     */
    static final int LOG_EACH_UP_TO = 100;
    private final IpvsKernel kernel;
    private final AppliedServicesFile applied;
    private final ReconcileOptions options;
    private final ReconcilePlanner planner;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter repairs;
    private final Counter passes;
    private volatile DesiredTable desired = DesiredTable.empty();
    private final KernelModel model = new KernelModel();
    private volatile KernelTable lastRead = KernelTable.empty();
    /** Per service, the apply sequence of the last batch that touched it (see {@link #resync()}). */
    private final Map<ServiceKey, Long> touched = new HashMap<>();
    /** +1 when a batch starts and +1 when it has been recorded in the model. */
    private final AtomicLong applySeq = new AtomicLong();
    private final Object resyncLock = new Object();
    private Set<ServiceKey> owned;
    private DesiredTable previous = DesiredTable.empty();
    /** What the last pass found in sync (see {@link ReconcilePlanner}); empty whenever {@link #previous} is reset. */
    private Map<ServiceKey, KernelTable.Entry> settled = Map.of();
    private Map<DestinationRef, Instant> draining = Map.of();
    private ScheduledExecutorService timer;
    private volatile boolean closed;
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
     * The kernel table as the last whole read-back found it (the periodic resync), with the kernel's
     * counters: what the metrics expose, so statistics cost no dump of their own.
     */
    public KernelTable lastObserved() {
        return lastRead;
    }

    /** What the reconciler believes the kernel holds now: the last read-back advanced by its own operations. */
    public synchronized KernelTable model() {
        return model.snapshot();
    }

    /** Destinations currently draining (weight 0, waiting for their connections to end). */
    public synchronized Set<DestinationRef> draining() {
        return Set.copyOf(draining.keySet());
    }

    /** Reads the whole kernel table, plans, applies; one pass. */
    public synchronized ReconcileReport reconcileOnce() {
        long t0 = System.nanoTime();
        KernelTable read = kernel.table();
        lastRead = read;
        model.replace(read);
        return pass(desired, t0, true);
    }

    /**
     * A pass for a change: plans against the model of the kernel, reading back only the doubtful
     * services and the ones it is about to drain. The first pass of all reads the whole table.
     */
    public synchronized ReconcileReport kick() {
        long t0 = System.nanoTime();
        if (!model.known()) {
            KernelTable read = kernel.table();
            lastRead = read;
            model.replace(read);
            return pass(desired, t0, true);
        }
        return pass(desired, t0, false);
    }

    /**
     * The drift-detecting pass: reads the whole table without holding the lock kicks need (a read of
     * thousands of services takes seconds), merges it into the model (a service an operation touched
     * since the read began keeps the model's view, which saw that operation), then plans and applies;
     * every difference found is a repair.
     */
    public ReconcileReport resync() {
        synchronized (resyncLock) {
            synchronized (this) {
                if (!model.known()) {
                    return reconcileOnce();
                }
            }
            long since = applySeq.get();
            long t0 = System.nanoTime();
            KernelTable read = kernel.table();
            lastRead = read;
            synchronized (this) {
                if (closed) {
                    return ReconcileReport.NOTHING;
                }
                model.merge(read, since, touched);
                touched.values().removeIf(seq -> seq < since); // no later read can start before `since`
                return pass(desired, t0, true);
            }
        }
    }

    /**
     * Removes every service Fulcrum owns (desired now or applied before) and forgets them: one delete
     * per service (the kernel removes its destinations with it), batched, without reading the table
     * first; a service already gone answers ESRCH and counts as removed-before.
     */
    public synchronized ReconcileReport clear() {
        Set<ServiceKey> owned = new TreeSet<>(owned());
        owned.addAll(desired.services().keySet());
        desired = DesiredTable.empty();
        long t0 = System.nanoTime();
        List<IpvsOperation> ops = new ArrayList<>(owned.size());
        for (ServiceKey k : owned) {
            ops.add(new IpvsOperation.DeleteService(k));
        }
        applySeq.incrementAndGet();
        ops.forEach(op -> touched.put(op.service(), applySeq.get()));
        List<OperationResult> results = ops.isEmpty() ? List.of() : kernel.apply(ops);
        long t1 = System.nanoTime();
        Set<ServiceKey> stillThere = new TreeSet<>();
        int removed = 0;
        int absent = 0;
        List<OperationResult> failures = new ArrayList<>();
        for (OperationResult r : results) {
            if (!r.ok() && r.error().get().errno() == Errno.ESRCH) {
                absent++;
                model.read(r.operation().service(), null);
                continue;
            }
            count(r);
            if (r.ok()) {
                removed++;
                model.applied(r.operation());
                LOG.debug("ipvs clear: {}", r.operation().describe());
            } else {
                stillThere.add(r.operation().service());
                model.doubt(r.operation().service());
                failures.add(r);
                LOG.warn("ipvs clear failed: {}: {}", r.operation().describe(), r.error().get().getMessage());
            }
        }
        applySeq.incrementAndGet();
        saveOwned(stillThere);
        previous = DesiredTable.empty();
        settled = Map.of();
        draining = Map.of();
        LOG.info("ipvs clear: {} owned service(s) deleted, {} already absent, {} failed, in {} ms", removed, absent, failures.size(),
                (t1 - t0) / 1_000_000);
        return new ReconcileReport(0, 0, removed, failures.size(), 0, ops.size(), failures, Duration.ZERO, Duration.ofNanos(t1 - t0));
    }

    /**
     * {@code lvs_flush_on_stop}: empties the whole IPVS table with one flush, foreign services too, and
     * forgets every owned service.
     */
    public synchronized ReconcileReport flushTable() {
        desired = DesiredTable.empty();
        int before = model.known() ? model.size() : kernel.services().size();
        long t0 = System.nanoTime();
        kernel.flush();
        long t1 = System.nanoTime();
        model.replace(KernelTable.empty());
        saveOwned(Set.of());
        previous = DesiredTable.empty();
        settled = Map.of();
        draining = Map.of();
        LOG.info("ipvs flush: the whole table ({} service(s)) flushed in {} ms", before, (t1 - t0) / 1_000_000);
        return new ReconcileReport(0, 0, before, 0, 0, 1, List.of(), Duration.ZERO, Duration.ofNanos(t1 - t0));
    }

    private Set<ServiceKey> owned() {
        if (owned == null) {
            owned = new HashSet<>(applied.load());
        }
        return owned;
    }

    private void saveOwned(Set<ServiceKey> keys) {
        Set<ServiceKey> copy = new HashSet<>(keys);
        applied.save(copy);
        owned = copy;
    }

    /**
     * Re-reads single services from the kernel into the model. With {@code connectionsOnly} (before a
     * drain, where only the destinations' connection counts decide between weight 0 and delete) a service
     * the model knows has just its destinations read (one dump, not a service read plus a dump); one that
     * vanished meanwhile then reads as a service without destinations, the operations planned for it fail,
     * and that marks it doubtful, to be read whole on the next pass.
     */
    private void refresh(Set<ServiceKey> keys, boolean connectionsOnly) {
        if (keys.size() > 64 && keys.size() > model.size() / 2) {
            model.replace(kernel.table()); // cheaper to read everything once
            return;
        }
        for (ServiceKey k : keys) {
            KernelTable.Entry cur = connectionsOnly ? model.entries().get(k) : null;
            if (cur != null) {
                Map<dev.fulcrum.ipvs.model.DestinationId, dev.fulcrum.ipvs.model.DestinationEntry> ds = new HashMap<>();
                for (dev.fulcrum.ipvs.model.DestinationEntry d : kernel.destinations(k)) {
                    ds.put(d.id(), d);
                }
                model.read(k, new KernelTable.Entry(cur.service(), ds));
                continue;
            }
            Optional<ServiceEntry> s = kernel.service(k);
            model.read(k, s.map(e -> KernelTable.of(List.of(e), Map.of(k, kernel.destinations(k))).services().get(k)).orElse(null));
        }
    }

    /**
     * Plans against the model and applies. Doubtful services are read first; unless {@code fresh} (the
     * model was just read whole), drains planned from counts the model may have stale are planned again
     * after reading those services.
     */
    private ReconcileReport pass(DesiredTable want, long t0, boolean fresh) {
        passes.increment();
        Set<ServiceKey> doubtful = model.doubtful();
        if (!doubtful.isEmpty()) {
            refresh(doubtful, false); // after a merge, only services a racing kick failed on can still be in doubt
        }
        long t1 = System.nanoTime();
        Set<ServiceKey> previouslyApplied = owned();
        Set<ServiceKey> ownedNow = new HashSet<>(previouslyApplied);
        ownedNow.addAll(want.services().keySet());
        Instant now = clock.instant();
        ReconcilePlan plan = planner.plan(want, previous, model.entries(), ownedNow, draining, now, settled);
        if (!fresh) {
            Set<ServiceKey> drained = new TreeSet<>();
            for (PlannedOperation p : plan.operations()) {
                if (p.reason() == PlannedOperation.Reason.DRAIN && !p.operation().service().datagram()) {
                    drained.add(p.operation().service());
                }
            }
            if (!drained.isEmpty()) {
                refresh(drained, true);
                plan = planner.plan(want, previous, model.entries(), ownedNow, draining, now, settled);
            }
        }
        // Record ownership before touching the kernel, so a crash mid-pass still knows what it created.
        if (!ownedNow.equals(previouslyApplied)) {
            saveOwned(ownedNow);
        }
        List<OperationResult> results = List.of();
        if (!plan.isEmpty()) {
            long seq = applySeq.incrementAndGet();
            for (IpvsOperation op : plan.ops()) {
                touched.put(op.service(), seq);
            }
            try {
                results = kernel.apply(plan.ops());
            } catch (RuntimeException e) {
                plan.ops().forEach(op -> model.doubt(op.service())); // the socket failed: nothing is certain
                throw e;
            } finally {
                applySeq.incrementAndGet();
            }
        }
        long t2 = System.nanoTime();
        int added = 0;
        int updated = 0;
        int removed = 0;
        int repaired = 0;
        List<OperationResult> failures = new ArrayList<>();
        Set<ServiceKey> deleteFailed = new HashSet<>();
        boolean each = results.size() <= LOG_EACH_UP_TO;
        for (int i = 0; i < results.size(); i++) {
            OperationResult r = results.get(i);
            PlannedOperation p = plan.operations().get(i);
            count(r);
            IpvsOperation op = r.operation();
            if (!r.ok()) {
                failures.add(r);
                model.doubt(op.service());
                if (op instanceof IpvsOperation.DeleteService) {
                    deleteFailed.add(op.service());
                }
                if (failures.size() <= LOG_EACH_UP_TO) {
                    LOG.warn("ipvs {} failed, retrying next pass: {}", op.kind(), r.error().get().getMessage());
                }
                continue;
            }
            model.applied(op);
            if (p.reason() == PlannedOperation.Reason.REPAIR) {
                repaired++;
                repairs.increment();
                LOG.atLevel(each ? Level.WARN : Level.DEBUG).addArgument(op::describe).log("ipvs repair (kernel drifted): {}");
            } else {
                LOG.atLevel(each ? Level.INFO : Level.DEBUG).addArgument(op::describe)
                        .log(p.reason() == PlannedOperation.Reason.DRAIN ? "ipvs drain: {}" : "ipvs {}");
            }
            if (op instanceof IpvsOperation.AddService || op instanceof IpvsOperation.AddDestination) {
                added++;
            } else if (op instanceof IpvsOperation.UpdateService || op instanceof IpvsOperation.UpdateDestination) {
                updated++;
            } else {
                removed++;
            }
        }
        if (!each && repaired > 0) {
            LOG.warn("ipvs repair (kernel drifted): {} of {} operations in one pass were repairs (each at DEBUG)", repaired, results.size());
        } else if (!each) {
            LOG.info("ipvs: {} operations in one pass, {} failed (each at DEBUG)", results.size(), failures.size());
        }
        Set<ServiceKey> finalOwned = new HashSet<>(want.services().keySet());
        finalOwned.addAll(deleteFailed);
        if (!finalOwned.equals(owned())) {
            saveOwned(finalOwned);
        }
        previous = want;
        draining = plan.draining();
        settled = plan.settled();
        if (!results.isEmpty()) {
            // Plan once more against the model the operations just advanced (no kernel read): the services
            // they made right become settled now, so the next pass after a small change compares only that
            // change instead of every service this one touched (the whole table after start-up).
            settled = planner.plan(want, want, model.entries(), finalOwned, draining, now, settled).settled();
        }
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

    /** Starts the periodic resync every {@code options.resyncPeriod()} on a daemon thread (the first at once). */
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
                ReconcileReport rep = resync();
                if (rep.issued() > 0) {
                    LOG.info("ipvs resync pass: {}", rep);
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return; // stopping: the socket may be closed under a read still in flight
                }
                registry.counter("fulcrum.ipvs.errors", "kind", "pass", "errno", "").increment();
                LOG.error("ipvs resync pass failed: {}", e.getMessage());
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic resync; a resync still reading the kernel applies nothing afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}

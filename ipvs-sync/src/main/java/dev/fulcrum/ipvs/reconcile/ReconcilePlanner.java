package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.reconcile.PlannedOperation.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the minimal operations that make the kernel match the desired table for the services
 * Fulcrum owns: {@code (desired, observed, owned, drains, now) -> plan}. Pure, so every policy
 * (diff by identity, SET over delete+add, drain, inhibit, foreign services) is unit-tested without a
 * kernel; the executor only applies what this returns.
 */
public final class ReconcilePlanner {
    private final ReconcileOptions options;

    public ReconcilePlanner(ReconcileOptions options) {
        this.options = options;
    }

    /**
     * @param previous the desired table of the previous pass (empty on the first): an operation on an
     *                 object whose desired state did not change since then is a repair of drift
     * @param owned    services Fulcrum applied before (state file); removed when no longer desired
     * @param draining when each draining destination started to drain
     */
    public ReconcilePlan plan(DesiredTable desired, DesiredTable previous, KernelTable observed, Set<ServiceKey> owned,
                              Map<DestinationRef, Instant> draining, Instant now) {
        return plan(desired, previous, observed.services(), owned, draining, now);
    }

    /**
     * The same, against a plain map of what the kernel holds: the reconciler's model of the kernel is
     * such a map, and wrapping it in a {@link KernelTable} per pass would copy thousands of entries.
     */
    public ReconcilePlan plan(DesiredTable desired, DesiredTable previous, Map<ServiceKey, KernelTable.Entry> observed,
                              Set<ServiceKey> owned, Map<DestinationRef, Instant> draining, Instant now) {
        return plan(desired, previous, observed, owned, draining, now, Map.of());
    }

    /**
     * The same, skipping the services the previous plan (whose desired table was {@code previous}) found
     * needing nothing: a service is skipped while its desired object is the very one {@code previous} held
     * and its kernel entry is the very object that plan saw, and none of its destinations drains. Both
     * are immutable and replaced on any change (a health event, a reload of its block, an operation, a
     * read-back), so the skipped work would plan nothing again; at 5,000 services a pass after a small
     * change then compares only what changed.
     *
     * @param settledBefore {@link ReconcilePlan#settled()} of the previous plan
     */
    public ReconcilePlan plan(DesiredTable desired, DesiredTable previous, Map<ServiceKey, KernelTable.Entry> observed,
                              Set<ServiceKey> owned, Map<DestinationRef, Instant> draining, Instant now,
                              Map<ServiceKey, KernelTable.Entry> settledBefore) {
        List<PlannedOperation> ops = new ArrayList<>();
        Map<DestinationRef, Instant> drains = new HashMap<>();
        Set<ServiceKey> drainingServices = new HashSet<>();
        for (DestinationRef r : draining.keySet()) {
            drainingServices.add(r.service());
        }
        Map<ServiceKey, KernelTable.Entry> settled = new HashMap<>(desired.services().size() * 2);
        for (DesiredService ds : desired.services().values()) {
            Service want = ds.service();
            ServiceKey key = want.key();
            DesiredService before = previous.services().get(key);
            KernelTable.Entry have = observed.get(key);
            if (have != null && before == ds && settledBefore.get(key) == have && !drainingServices.contains(key)) {
                settled.put(key, have);
                continue;
            }
            int opsBefore = ops.size();
            int drainsBefore = drains.size();
            if (have == null) {
                ops.add(new PlannedOperation(new IpvsOperation.AddService(want), reason(before != null && before.service().equals(want))));
                for (DesiredDestination dd : ds.destinations().values()) {
                    Destination target = target(dd);
                    if (target != null) {
                        ops.add(new PlannedOperation(new IpvsOperation.AddDestination(key, target), reason(sameDest(before, dd))));
                    }
                }
                continue;
            }
            if (!sameService(have.service().service(), want)) {
                ops.add(new PlannedOperation(new IpvsOperation.UpdateService(want), reason(before != null && before.service().equals(want))));
            }
            for (DesiredDestination dd : ds.destinations().values()) {
                DestinationId id = dd.destination().id();
                DestinationEntry cur = have.destinations().get(id);
                Destination target = target(dd);
                if (target == null) {
                    if (cur != null) {
                        drain(key, cur, draining, drains, now, ops);
                    }
                    continue;
                }
                Reason r = reason(sameDest(before, dd));
                if (cur == null) {
                    ops.add(new PlannedOperation(new IpvsOperation.AddDestination(key, target), r));
                } else if (!cur.destination().sameSettings(target)) {
                    ops.add(new PlannedOperation(new IpvsOperation.UpdateDestination(key, target), r));
                }
            }
            for (DestinationEntry cur : have.destinations().values()) {
                if (!ds.destinations().containsKey(cur.id())) {
                    drain(key, cur, draining, drains, now, ops);
                }
            }
            if (ops.size() == opsBefore && drains.size() == drainsBefore) {
                settled.put(key, have);
            }
        }
        for (KernelTable.Entry e : observed.values()) {
            ServiceKey key = e.service().key();
            if (desired.services().containsKey(key)) {
                continue;
            }
            if (owned.contains(key) || options.flushForeign()) {
                ops.add(new PlannedOperation(new IpvsOperation.DeleteService(key), Reason.CHANGE));
            }
        }
        return new ReconcilePlan(ops, drains, settled);
    }

    private static Reason reason(boolean unchangedSinceLastPass) {
        return unchangedSinceLastPass ? Reason.REPAIR : Reason.CHANGE;
    }

    private static boolean sameDest(DesiredService before, DesiredDestination dd) {
        return before != null && dd.equals(before.destinations().get(dd.destination().id()));
    }

    /** The destination to hold in the kernel for {@code dd}, or null when it must be drained away. */
    static Destination target(DesiredDestination dd) {
        if (dd.healthy()) {
            return dd.destination();
        }
        return dd.inhibitOnFailure() ? dd.destination().withWeight(0) : null;
    }

    /** Settings the kernel would store identically; HASHED and other reported-only bits already stripped. */
    static boolean sameService(Service have, Service want) {
        return have.scheduler().equals(want.scheduler()) && have.flags().equals(want.flags())
                && have.persistence().equals(want.persistence()) && have.persistenceEngine().equals(want.persistenceEngine());
    }

    private void drain(ServiceKey key, DestinationEntry cur, Map<DestinationRef, Instant> draining,
                       Map<DestinationRef, Instant> drains, Instant now, List<PlannedOperation> ops) {
        DestinationRef ref = new DestinationRef(key, cur.id());
        Instant since = draining.getOrDefault(ref, now);
        boolean timedOut = !Duration.between(since, now).minus(options.drainTimeout()).isNegative();
        if (key.datagram() || cur.liveConnections() == 0 || timedOut) {
            ops.add(new PlannedOperation(new IpvsOperation.DeleteDestination(key, cur.id()), Reason.DRAIN));
            return;
        }
        if (cur.destination().weight() != 0) {
            ops.add(new PlannedOperation(new IpvsOperation.UpdateDestination(key, cur.destination().withWeight(0)), Reason.DRAIN));
        }
        drains.put(ref, since);
    }
}

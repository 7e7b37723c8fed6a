package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Stats;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the reconciler believes the kernel holds: the last read-back, advanced by every operation the
 * kernel acknowledged. Reading the whole table costs one dump per service (seconds at thousands of
 * services), so passes triggered by a change plan against this instead; only the periodic resync reads
 * the kernel whole, and a failed operation marks its service doubtful so the next pass reads that one
 * service again. Not thread-safe: the reconciler guards it.
 */
final class KernelModel {
    private final Map<ServiceKey, KernelTable.Entry> entries = new HashMap<>();
    private final Map<ServiceKey, KernelTable.Entry> view = Collections.unmodifiableMap(entries);
    private final Set<ServiceKey> doubtful = new HashSet<>();
    private boolean known;

    /** False until a whole read-back was taken: until then nothing may be planned against it. */
    boolean known() {
        return known;
    }

    Map<ServiceKey, KernelTable.Entry> entries() {
        return view;
    }

    Set<ServiceKey> doubtful() {
        return Set.copyOf(doubtful);
    }

    int size() {
        return entries.size();
    }

    /** Takes a whole read-back as the truth. */
    void replace(KernelTable table) {
        entries.clear();
        entries.putAll(table.services());
        doubtful.clear();
        known = true;
    }

    /**
     * Takes a read-back made while operations may have been applied: services touched at or after
     * {@code since} keep what the model says (it saw their operations; the read may predate them).
     *
     * @return the services whose read-back was taken
     */
    Set<ServiceKey> merge(KernelTable table, long since, Map<ServiceKey, Long> touched) {
        Set<ServiceKey> keys = new HashSet<>(entries.keySet());
        keys.addAll(table.services().keySet());
        Set<ServiceKey> taken = new HashSet<>();
        for (ServiceKey k : keys) {
            Long t = touched.get(k);
            if (t != null && t >= since) {
                continue;
            }
            read(k, table.services().get(k));
            taken.add(k);
        }
        known = true;
        return taken;
    }

    /** One service as just read from the kernel; null when the kernel has no such service. */
    void read(ServiceKey key, KernelTable.Entry entry) {
        if (entry == null) {
            entries.remove(key);
        } else {
            entries.put(key, entry);
        }
        doubtful.remove(key);
    }

    /** The view of {@code key} can no longer be trusted (an operation on it failed): read it again. */
    void doubt(ServiceKey key) {
        doubtful.add(key);
    }

    /** Advances the model by an operation the kernel acknowledged. */
    void applied(IpvsOperation op) {
        ServiceKey k = op.service();
        KernelTable.Entry cur = entries.get(k);
        if (op instanceof IpvsOperation.AddService a) {
            entries.put(k, new KernelTable.Entry(new ServiceEntry(a.spec(), Stats.ZERO), Map.of()));
            return;
        }
        if (op instanceof IpvsOperation.DeleteService) {
            entries.remove(k);
            return;
        }
        if (cur == null) {
            doubt(k); // acknowledged by the kernel but unknown here: the model is behind
            return;
        }
        if (op instanceof IpvsOperation.UpdateService u) {
            entries.put(k, new KernelTable.Entry(new ServiceEntry(u.spec(), cur.service().stats()), cur.destinations()));
            return;
        }
        Map<DestinationId, DestinationEntry> ds = new TreeMap<>(cur.destinations());
        if (op instanceof IpvsOperation.AddDestination a) {
            ds.put(a.destination().id(), new DestinationEntry(a.destination(), 0, 0, 0, Stats.ZERO));
        } else if (op instanceof IpvsOperation.UpdateDestination u) {
            DestinationEntry was = ds.get(u.destination().id());
            ds.put(u.destination().id(), was == null ? new DestinationEntry(u.destination(), 0, 0, 0, Stats.ZERO)
                    : new DestinationEntry(u.destination(), was.activeConnections(), was.inactiveConnections(),
                    was.persistentConnections(), was.stats()));
        } else if (op instanceof IpvsOperation.DeleteDestination d) {
            ds.remove(d.destination());
        }
        entries.put(k, new KernelTable.Entry(cur.service(), ds));
    }

    /** An immutable copy in ipvsadm's order, for the metrics and the CLI. */
    KernelTable snapshot() {
        return new KernelTable(entries);
    }
}

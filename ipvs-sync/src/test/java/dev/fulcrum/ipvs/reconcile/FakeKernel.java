package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.IpvsKernel;
import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.OperationResult;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Stats;
import dev.fulcrum.net.netlink.Errno;
import dev.fulcrum.net.netlink.NetlinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** An in-memory IPVS table with the kernel's errno rules, for executor bookkeeping tests only. */
final class FakeKernel implements IpvsKernel {
    final Map<ServiceKey, ServiceEntry> services = new TreeMap<>();
    final Map<ServiceKey, Map<DestinationId, DestinationEntry>> dests = new TreeMap<>();
    final List<IpvsOperation> log = new ArrayList<>();
    Set<String> unknownSchedulers = Set.of("nosuch");

    @Override
    public KernelTable table() {
        tableReads++;
        Map<ServiceKey, KernelTable.Entry> m = new TreeMap<>();
        services.forEach((k, s) -> m.put(k, new KernelTable.Entry(s, dests.getOrDefault(k, Map.of()))));
        return new KernelTable(m);
    }

    int tableReads;
    int serviceReads;

    @Override
    public List<ServiceEntry> services() {
        tableReads++;
        return new ArrayList<>(services.values());
    }

    @Override
    public Optional<ServiceEntry> service(ServiceKey key) {
        serviceReads++;
        return Optional.ofNullable(services.get(key));
    }

    @Override
    public List<DestinationEntry> destinations(ServiceKey key) {
        return new ArrayList<>(dests.getOrDefault(key, Map.of()).values());
    }

    @Override
    public void flush() {
        log.add(null);
        services.clear();
        dests.clear();
    }

    void connections(ServiceKey k, DestinationId id, int active, int inactive) {
        DestinationEntry e = dests.get(k).get(id);
        dests.get(k).put(id, new DestinationEntry(e.destination(), active, inactive, 0, Stats.ZERO));
    }

    @Override
    public List<OperationResult> apply(List<? extends IpvsOperation> ops) {
        List<OperationResult> out = new ArrayList<>();
        for (IpvsOperation op : ops) {
            log.add(op);
            int err = applyOne(op);
            out.add(err == 0 ? OperationResult.ok(op) : new OperationResult(op, Optional.of(new NetlinkException(err, op.kind(), op.service().describe()))));
        }
        return out;
    }

    private int applyOne(IpvsOperation op) {
        ServiceKey k = op.service();
        if (op instanceof IpvsOperation.AddService a) {
            if (services.containsKey(k)) {
                return Errno.EEXIST;
            }
            if (unknownSchedulers.contains(a.spec().scheduler())) {
                return Errno.ENOENT;
            }
            services.put(k, new ServiceEntry(a.spec(), Stats.ZERO));
            dests.put(k, new TreeMap<>());
            return 0;
        }
        if (!services.containsKey(k)) {
            return Errno.ESRCH;
        }
        if (op instanceof IpvsOperation.UpdateService u) {
            if (unknownSchedulers.contains(u.spec().scheduler())) {
                return Errno.ENOENT;
            }
            services.put(k, new ServiceEntry(u.spec(), Stats.ZERO));
        } else if (op instanceof IpvsOperation.DeleteService) {
            services.remove(k);
            dests.remove(k);
        } else if (op instanceof IpvsOperation.AddDestination a) {
            if (a.destination().weight() < 0) {
                return Errno.ERANGE;
            }
            if (dests.get(k).containsKey(a.destination().id())) {
                return Errno.EEXIST;
            }
            dests.get(k).put(a.destination().id(), new DestinationEntry(a.destination(), 0, 0, 0, Stats.ZERO));
        } else if (op instanceof IpvsOperation.UpdateDestination u) {
            DestinationEntry cur = dests.get(k).get(u.destination().id());
            if (cur == null) {
                return Errno.ENOENT;
            }
            dests.get(k).put(u.destination().id(), new DestinationEntry(u.destination(), cur.activeConnections(), cur.inactiveConnections(), 0, Stats.ZERO));
        } else if (op instanceof IpvsOperation.DeleteDestination d) {
            if (dests.get(k).remove(d.destination()) == null) {
                return Errno.ENOENT;
            }
        }
        return 0;
    }
}

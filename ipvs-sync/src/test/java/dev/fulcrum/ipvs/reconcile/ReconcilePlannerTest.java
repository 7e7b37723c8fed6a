package dev.fulcrum.ipvs.reconcile;

import static dev.fulcrum.ipvs.reconcile.ReconcilerTest.rs;
import static dev.fulcrum.ipvs.reconcile.ReconcilerTest.svc;
import static dev.fulcrum.ipvs.reconcile.ReconcilerTest.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Stats;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's skip of services the previous plan found settled, which must never hide a difference. */
class ReconcilePlannerTest {
    final ReconcilePlanner planner = new ReconcilePlanner(ReconcileOptions.DEFAULTS);
    final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    static KernelTable.Entry entry(DesiredService s, int activeConnections) {
        Map<DestinationId, DestinationEntry> ds = new LinkedHashMap<>();
        for (DesiredDestination d : s.destinations().values()) {
            ds.put(d.destination().id(), new DestinationEntry(d.destination(), activeConnections, 0, 0, Stats.ZERO));
        }
        return new KernelTable.Entry(new ServiceEntry(s.service(), Stats.ZERO), ds);
    }

    @Test
    void settledServicesAreSkippedOnlyWhileBothSidesAreTheSameObjects() {
        ServiceKey a = tcp("10.0.0.1", 80);
        ServiceKey b = tcp("10.0.0.2", 80);
        DesiredService sa = svc(a, "rr", rs("192.168.0.1", 1));
        DesiredService sb = svc(b, "rr", rs("192.168.0.2", 1));
        DesiredTable t = DesiredTable.of(List.of(sa, sb));
        Map<ServiceKey, KernelTable.Entry> kernel = new HashMap<>(Map.of(a, entry(sa, 0), b, entry(sb, 0)));
        ReconcilePlan p1 = planner.plan(t, DesiredTable.empty(), kernel, Set.of(a, b), Map.of(), now, Map.of());
        assertTrue(p1.isEmpty());
        assertEquals(Set.of(a, b), p1.settled().keySet(), "both found in sync");
        assertSame(kernel.get(a), p1.settled().get(a));

        // the skip is real: a settled entry is not looked at again while both objects are the same ...
        Map<ServiceKey, KernelTable.Entry> lie = new HashMap<>(kernel);
        lie.put(a, entry(svc(a, "wlc", rs("192.168.0.9", 1)), 0));
        Map<ServiceKey, KernelTable.Entry> settledLie = new HashMap<>(p1.settled());
        settledLie.put(a, lie.get(a));
        assertTrue(planner.plan(t, t, lie, Set.of(a, b), Map.of(), now, settledLie).isEmpty());
        // ... but a kernel entry that is another object (a read-back found drift) is planned again
        ReconcilePlan drift = planner.plan(t, t, lie, Set.of(a, b), Map.of(), now, p1.settled());
        assertEquals(List.of("update_service", "add_destination", "delete_destination"),
                drift.operations().stream().map(o -> o.operation().kind()).toList());
        assertTrue(drift.operations().stream().allMatch(o -> o.reason() != PlannedOperation.Reason.CHANGE || o.operation().kind().startsWith("delete")),
                "unchanged desire, different kernel: repairs (and the stray destination drains)");
        assertEquals(Set.of(b), drift.settled().keySet());

        // a desired service that is another object (a health event, a reloaded block) is planned again
        DesiredService sb2 = svc(b, "rr", rs("192.168.0.2", 7));
        ReconcilePlan changed = planner.plan(DesiredTable.of(List.of(sa, sb2)), t, kernel, Set.of(a, b), Map.of(), now, p1.settled());
        assertEquals(List.of("update_destination"), changed.operations().stream().map(o -> o.operation().kind()).toList());
        assertEquals(Set.of(a), changed.settled().keySet());
    }

    @Test
    void aDrainingServiceIsNeverSkipped() {
        ServiceKey a = tcp("10.0.0.1", 80);
        Destination gone = rs("192.168.0.2", 1);
        DesiredService want = svc(a, "rr", rs("192.168.0.1", 1));
        DesiredService had = svc(a, "rr", rs("192.168.0.1", 1), gone);
        KernelTable.Entry withConnections = entry(had, 3);
        Map<ServiceKey, KernelTable.Entry> kernel = Map.of(a, withConnections);
        DesiredTable t = DesiredTable.of(List.of(want));
        ReconcilePlan p1 = planner.plan(t, DesiredTable.empty(), kernel, Set.of(a), Map.of(), now, Map.of());
        assertEquals(List.of("update_destination"), p1.operations().stream().map(o -> o.operation().kind()).toList(), "weight 0 first");
        assertTrue(p1.settled().isEmpty());
        // the drain's timeout later: same objects, same settled map, but the service drains, so it is planned
        Map<ServiceKey, KernelTable.Entry> forged = Map.of(a, withConnections);
        ReconcilePlan later = planner.plan(t, t, kernel, Set.of(a), p1.draining(), now.plus(ReconcileOptions.DEFAULTS.drainTimeout()), forged);
        assertEquals(List.of("delete_destination"), later.operations().stream().map(o -> o.operation().kind()).toList());
    }
}

package dev.fulcrum.ipvs.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {
    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ServiceKey tcp(String a, int p) {
        return ServiceKey.of(Protocol.TCP, ip(a), p);
    }

    static Destination rs(String a, int w) {
        return Destination.of(ip(a), 80, ForwardMethod.MASQ, w);
    }

    static DesiredService svc(ServiceKey k, String sched, Destination... ds) {
        List<DesiredDestination> l = new ArrayList<>();
        for (Destination d : ds) {
            l.add(DesiredDestination.healthy(d));
        }
        return DesiredService.of(Service.of(k, sched), l);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId z) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    final FakeKernel kernel = new FakeKernel();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock();

    IpvsReconciler reconciler(AppliedServicesFile f, ReconcileOptions o) {
        return new IpvsReconciler(kernel, f, o, registry, clock);
    }

    double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counters();
        return c.stream().mapToDouble(x -> x.count()).sum();
    }

    @Test
    void aBigPassLogsItsCountAndASmallOneEachOperation() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(IpvsReconciler.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        log.addAppender(lines);
        ch.qos.logback.classic.Level was = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
            List<DesiredService> many = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                many.add(svc(tcp("10.0.1." + i, 80), "rr", rs("192.168.0.1", 1)));
            }
            r.desired(DesiredTable.of(many));
            assertEquals(120, r.reconcileOnce().added());
            List<String> info = lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertEquals(List.of("ipvs: 120 operations in one pass, 0 failed (each at DEBUG)"), info);
            lines.list.clear();
            many.set(0, svc(tcp("10.0.1.0", 80), "rr", rs("192.168.0.1", 1), rs("192.168.0.2", 1)));
            r.desired(DesiredTable.of(many));
            r.reconcileOnce();
            assertEquals(List.of("ipvs add destination 192.168.0.2:80 Masq w=1 to TCP 10.0.1.0:80"),
                    lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList());
        } finally {
            log.detachAppender(lines);
            log.setLevel(was);
        }
    }

    @Test
    void convergesFromEmptyThenIssuesNothing() {
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.desired(DesiredTable.of(List.of(svc(tcp("10.0.0.1", 80), "rr", rs("192.168.0.1", 1), rs("192.168.0.2", 2)),
                svc(tcp("10.0.0.2", 80), "wlc", rs("192.168.0.3", 1)))));
        ReconcileReport first = r.reconcileOnce();
        assertEquals(5, first.added());
        assertEquals(5, first.issued());
        assertEquals(0, first.repairs());
        ReconcileReport second = r.reconcileOnce();
        assertEquals(0, second.issued(), "a converged table needs no operations");
        assertEquals(5, counter("fulcrum.ipvs.operations", "result", "ok"));
    }

    @Test
    void changesUseSetAndOnlyTheChangedObjects() {
        ServiceKey k = tcp("10.0.0.1", 80);
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.desired(DesiredTable.of(List.of(svc(k, "rr", rs("192.168.0.1", 1), rs("192.168.0.2", 1), rs("192.168.0.3", 1)))));
        r.reconcileOnce();
        kernel.log.clear();
        r.desired(DesiredTable.of(List.of(svc(k, "wrr", rs("192.168.0.1", 5), rs("192.168.0.3", 1), rs("192.168.0.4", 1)))));
        ReconcileReport rep = r.reconcileOnce();
        assertEquals(List.of("update_service", "update_destination", "add_destination", "delete_destination"),
                kernel.log.stream().map(IpvsOperation::kind).toList());
        assertEquals(1, rep.added());
        assertEquals(2, rep.updated());
        assertEquals(1, rep.removed());
        assertEquals("wrr", kernel.services.get(k).service().scheduler());
        assertEquals(5, kernel.dests.get(k).get(new DestinationId(ip("192.168.0.1"), 80)).destination().weight());
    }

    @Test
    void foreignServicesAreLeftAloneUnlessFlushIsConfigured() {
        ServiceKey foreign = ServiceKey.fwmark(9, AddressFamily.INET);
        kernel.apply(List.of(new IpvsOperation.AddService(Service.of(foreign, "rr"))));
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.desired(DesiredTable.of(List.of(svc(tcp("10.0.0.1", 80), "rr"))));
        r.reconcileOnce();
        assertTrue(kernel.services.containsKey(foreign));
        r.clear();
        assertEquals(Set.of(foreign), kernel.services.keySet(), "clear removes only what Fulcrum owns");
        IpvsReconciler flushing = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS.withFlushForeign(true));
        flushing.desired(DesiredTable.empty());
        flushing.reconcileOnce();
        assertTrue(kernel.services.isEmpty());
    }

    @Test
    void driftIsRepairedAndCountedAsRepair() {
        ServiceKey k = tcp("10.0.0.1", 80);
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.desired(DesiredTable.of(List.of(svc(k, "rr", rs("192.168.0.1", 1), rs("192.168.0.2", 1)))));
        r.reconcileOnce();
        // behind its back: a weight changed, a destination deleted, a foreign destination added
        kernel.apply(List.of(new IpvsOperation.UpdateDestination(k, rs("192.168.0.1", 50)),
                new IpvsOperation.DeleteDestination(k, rs("192.168.0.2", 1).id()),
                new IpvsOperation.AddDestination(k, rs("192.168.0.99", 1))));
        ReconcileReport rep = r.reconcileOnce();
        assertEquals(3, rep.issued());
        assertEquals(2, rep.repairs(), "weight and missing destination are repairs; the stray one is removed");
        assertEquals(2, counter("fulcrum.ipvs.repairs"));
        assertEquals(Set.of(new DestinationId(ip("192.168.0.1"), 80), new DestinationId(ip("192.168.0.2"), 80)), kernel.dests.get(k).keySet());
        kernel.apply(List.of(new IpvsOperation.DeleteService(k)));
        assertEquals(1, r.reconcileOnce().repairs() > 0 ? 1 : 0);
        assertEquals(2, kernel.dests.get(k).size());
    }

    @Test
    void drainSetsWeightZeroThenDeletesWhenConnectionsEndOrTimeout() {
        ServiceKey k = tcp("10.0.0.1", 80);
        ServiceKey udp = ServiceKey.of(Protocol.UDP, ip("10.0.0.1"), 53);
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS.withDrainTimeout(Duration.ofSeconds(30)));
        DesiredService both = svc(k, "rr", rs("192.168.0.1", 1), rs("192.168.0.2", 3));
        DesiredService dns = DesiredService.of(Service.of(udp, "rr"), List.of(DesiredDestination.healthy(Destination.of(ip("192.168.0.1"), 53, ForwardMethod.MASQ, 1)),
                DesiredDestination.healthy(Destination.of(ip("192.168.0.2"), 53, ForwardMethod.MASQ, 1))));
        r.desired(DesiredTable.of(List.of(both, dns)));
        r.reconcileOnce();
        DestinationId two = new DestinationId(ip("192.168.0.2"), 80);
        kernel.connections(k, two, 1, 2);
        // .2 leaves the TCP config; the UDP one leaves too
        r.desired(DesiredTable.of(List.of(svc(k, "rr", rs("192.168.0.1", 1)),
                DesiredService.of(Service.of(udp, "rr"), List.of(DesiredDestination.healthy(Destination.of(ip("192.168.0.1"), 53, ForwardMethod.MASQ, 1)))))));
        r.reconcileOnce();
        assertEquals(0, kernel.dests.get(k).get(two).destination().weight(), "draining: weight 0");
        assertEquals(1, kernel.dests.get(udp).size(), "UDP destinations are deleted at once");
        assertEquals(Set.of(new DestinationRef(k, two)), r.draining());
        clock.now = clock.now.plusSeconds(10);
        assertEquals(0, r.reconcileOnce().issued(), "still has connections: wait");
        kernel.connections(k, two, 0, 0);
        assertEquals(1, r.reconcileOnce().removed());
        assertFalse(kernel.dests.get(k).containsKey(two));
        assertTrue(r.draining().isEmpty());

        // timeout path
        r.desired(DesiredTable.of(List.of(both)));
        r.reconcileOnce();
        kernel.connections(k, two, 5, 0);
        r.desired(DesiredTable.of(List.of(svc(k, "rr", rs("192.168.0.1", 1)))));
        r.reconcileOnce();
        assertTrue(kernel.dests.get(k).containsKey(two));
        clock.now = clock.now.plusSeconds(31);
        r.reconcileOnce();
        assertFalse(kernel.dests.get(k).containsKey(two), "drain timeout passed: deleted with live connections");
    }

    @Test
    void unhealthyDestinationDrainsButInhibitKeepsItAtWeightZero() {
        ServiceKey k = tcp("10.0.0.1", 80);
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        Destination a = rs("192.168.0.1", 4);
        Destination b = rs("192.168.0.2", 4);
        r.desired(DesiredTable.of(List.of(DesiredService.of(Service.of(k, "rr"),
                List.of(new DesiredDestination(a, false, true), new DesiredDestination(b, false, false))))));
        r.reconcileOnce();
        assertEquals(0, kernel.dests.get(k).get(a.id()).destination().weight(), "inhibit: present with weight 0");
        assertFalse(kernel.dests.get(k).containsKey(b.id()), "unhealthy without inhibit: not in the table");
        r.desired(DesiredTable.of(List.of(DesiredService.of(Service.of(k, "rr"),
                List.of(DesiredDestination.healthy(a), DesiredDestination.healthy(b))))));
        r.reconcileOnce();
        assertEquals(4, kernel.dests.get(k).get(a.id()).destination().weight());
        assertEquals(4, kernel.dests.get(k).get(b.id()).destination().weight());
    }

    @Test
    void stateFileMakesRemovalSurviveARestart(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("applied");
        ServiceKey keep = tcp("10.0.0.1", 80);
        ServiceKey gone = ServiceKey.fwmark(5, AddressFamily.INET6);
        IpvsReconciler first = reconciler(new AppliedServicesFile(state), ReconcileOptions.DEFAULTS);
        first.desired(DesiredTable.of(List.of(svc(keep, "rr"), DesiredService.of(Service.of(gone, "rr").withPersistence(new Persistence(60, 64)), List.of()))));
        first.reconcileOnce();
        assertTrue(Files.readString(state).contains("FWM 5 INET6"), Files.readString(state));
        // "restart" with a config that no longer has `gone`
        IpvsReconciler second = reconciler(new AppliedServicesFile(state), ReconcileOptions.DEFAULTS);
        second.desired(DesiredTable.of(List.of(svc(keep, "rr"))));
        ReconcileReport rep = second.reconcileOnce();
        assertEquals(1, rep.removed());
        assertEquals(Set.of(keep), kernel.services.keySet());
        assertEquals(Set.of(keep), new AppliedServicesFile(state).load());
    }

    @Test
    void oneFailureDoesNotAbortTheBatchAndIsRetriedNextPass() {
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        ServiceKey bad = tcp("10.0.0.9", 80);
        r.desired(DesiredTable.of(List.of(svc(bad, "nosuch", rs("192.168.0.9", 1)), svc(tcp("10.0.0.1", 80), "rr", rs("192.168.0.1", 1), rs("192.168.0.3", -5)))));
        ReconcileReport rep = r.reconcileOnce();
        assertEquals(3, rep.failed(), "unknown scheduler, its destination, the bad weight");
        assertEquals(2, rep.added());
        assertEquals(1, counter("fulcrum.ipvs.errors", "errno", "ENOENT"));
        assertEquals(1, counter("fulcrum.ipvs.errors", "errno", "ERANGE"));
        kernel.unknownSchedulers = Set.of();
        ReconcileReport retry = r.reconcileOnce();
        assertEquals(2, retry.added(), "the failed service and its destination are retried");
        assertEquals(1, retry.failed());
    }

    @Test
    void periodicResyncRepairsDriftWithoutBeingAsked() {
        ServiceKey k = tcp("10.0.0.1", 80);
        SynchronizedKernel shared = new SynchronizedKernel(kernel);
        IpvsReconciler r = new IpvsReconciler(shared, AppliedServicesFile.inMemory(),
                ReconcileOptions.DEFAULTS.withResyncPeriod(Duration.ofMillis(20)), registry, clock);
        r.desired(DesiredTable.of(List.of(svc(k, "rr", rs("192.168.0.1", 1)))));
        try (r) {
            r.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shared.has(k));
            shared.apply(List.of(new IpvsOperation.DeleteService(k)));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shared.has(k) && counter("fulcrum.ipvs.repairs") >= 2);
        }
        assertTrue(counter("fulcrum.ipvs.reconcile.passes") >= 2);
    }

    @Test
    void kicksPlanAgainstTheModelAndOnlyResyncFindsDrift() {
        ServiceKey k = tcp("10.0.0.1", 80);
        Destination a = rs("192.168.0.1", 1);
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.desired(DesiredTable.of(List.of(svc(k, "rr", a))));
        assertEquals(2, r.kick().added(), "the first kick reads the table once, then applies");
        assertEquals(1, kernel.tableReads);
        r.desired(DesiredTable.of(List.of(svc(k, "rr", a, rs("192.168.0.2", 1)))));
        assertEquals(1, r.kick().added());
        assertEquals(0, r.kick().issued(), "a second pass issues nothing");
        assertEquals(1, kernel.tableReads, "kicks read nothing back");
        assertEquals(0, kernel.serviceReads);
        kernel.dests.get(k).remove(a.id()); // drift behind the reconciler's back
        assertEquals(0, r.kick().issued(), "a kick cannot see drift");
        ReconcileReport rep = r.resync();
        assertEquals(1, rep.repairs(), rep.toString());
        assertEquals(1.0, counter("fulcrum.ipvs.repairs"));
        assertTrue(kernel.dests.get(k).containsKey(a.id()));
        assertEquals(0, r.resync().issued());
    }

    @Test
    void aFailedOperationMakesTheNextKickReadThatServiceAgain() {
        ServiceKey k = tcp("10.0.0.1", 80);
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.kick();
        // someone else created the service: the add fails with EEXIST
        kernel.apply(List.of(new IpvsOperation.AddService(Service.of(k, "wlc"))));
        r.desired(DesiredTable.of(List.of(svc(k, "rr", rs("192.168.0.1", 1)))));
        ReconcileReport first = r.kick();
        assertEquals(1, first.failed(), first.toString());
        ReconcileReport second = r.kick();
        assertEquals(1, kernel.serviceReads, "the doubtful service alone is read back");
        assertEquals(0, second.failed(), second.failures().toString());
        assertEquals("rr", kernel.services.get(k).service().scheduler());
        assertEquals(1, kernel.dests.get(k).size());
        assertEquals(0, r.kick().issued());
        assertEquals(1, kernel.tableReads);
    }

    @Test
    void aKickReadsConnectionCountsBeforeDraining() {
        ServiceKey k = tcp("10.0.0.1", 80);
        Destination a = rs("192.168.0.1", 1);
        Destination b = rs("192.168.0.2", 1);
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.desired(DesiredTable.of(List.of(svc(k, "rr", a, b))));
        r.kick();
        kernel.connections(k, b.id(), 3, 0); // the model still says 0 connections
        r.desired(DesiredTable.of(List.of(svc(k, "rr", a))));
        ReconcileReport rep = r.kick();
        assertEquals(1, rep.updated(), "drained to weight 0, not deleted: " + rep);
        assertEquals(0, kernel.dests.get(k).get(b.id()).destination().weight());
        kernel.connections(k, b.id(), 0, 0);
        assertEquals(1, r.resync().removed(), "gone once its connections ended");
    }

    @Test
    void aResyncReadRacingAKickKeepsWhatTheKickDid() {
        ServiceKey k1 = tcp("10.0.0.1", 80);
        ServiceKey k2 = tcp("10.0.0.2", 80);
        RacingKernel racing = new RacingKernel(kernel);
        IpvsReconciler r = new IpvsReconciler(racing, AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS, registry, clock);
        r.desired(DesiredTable.of(List.of(svc(k1, "rr", rs("192.168.0.1", 1)))));
        r.kick();
        // while the resync reads (off the lock), a kick adds k2: the read predates it
        racing.duringRead = () -> {
            r.desired(DesiredTable.of(List.of(svc(k1, "rr", rs("192.168.0.1", 1)), svc(k2, "rr", rs("192.168.0.2", 1)))));
            assertEquals(2, r.kick().added());
        };
        ReconcileReport rep = r.resync();
        assertEquals(0, rep.issued(), "the stale read of k2 is not taken as drift: " + rep);
        assertEquals(0, r.resync().issued());
        assertEquals(Set.of(k1, k2), kernel.services.keySet());
    }

    @Test
    void clearDeletesEachOwnedServiceWithoutReadingAndFlushEmptiesEverything() {
        ServiceKey foreign = ServiceKey.fwmark(9, AddressFamily.INET);
        kernel.apply(List.of(new IpvsOperation.AddService(Service.of(foreign, "rr"))));
        IpvsReconciler r = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        r.desired(DesiredTable.of(List.of(svc(tcp("10.0.0.1", 80), "rr", rs("192.168.0.1", 1)), svc(tcp("10.0.0.2", 80), "rr"))));
        r.kick();
        kernel.services.remove(tcp("10.0.0.2", 80)); // gone already: ESRCH is no failure
        int reads = kernel.tableReads;
        kernel.log.clear();
        ReconcileReport c = r.clear();
        assertEquals(reads, kernel.tableReads, "no read-back");
        assertEquals(List.of("delete_service", "delete_service"), kernel.log.stream().map(IpvsOperation::kind).toList());
        assertEquals(1, c.removed());
        assertEquals(0, c.failed());
        assertEquals(Set.of(foreign), kernel.services.keySet());
        IpvsReconciler f = reconciler(AppliedServicesFile.inMemory(), ReconcileOptions.DEFAULTS);
        f.desired(DesiredTable.of(List.of(svc(tcp("10.0.0.3", 80), "rr"))));
        f.kick();
        assertEquals(2, f.flushTable().removed());
        assertTrue(kernel.services.isEmpty(), "lvs_flush_on_stop flushes foreign services too");
    }

    /** Runs a hook in the middle of a whole-table read, like a kick on another thread would. */
    static final class RacingKernel implements dev.fulcrum.ipvs.IpvsKernel {
        private final FakeKernel k;
        Runnable duringRead;

        RacingKernel(FakeKernel k) {
            this.k = k;
        }

        @Override
        public dev.fulcrum.ipvs.model.KernelTable table() {
            dev.fulcrum.ipvs.model.KernelTable t = k.table();
            Runnable h = duringRead;
            duringRead = null;
            if (h != null) {
                h.run();
            }
            return t;
        }

        @Override
        public List<dev.fulcrum.ipvs.OperationResult> apply(List<? extends IpvsOperation> ops) {
            return k.apply(ops);
        }

        @Override
        public List<dev.fulcrum.ipvs.model.ServiceEntry> services() {
            return k.services();
        }

        @Override
        public java.util.Optional<dev.fulcrum.ipvs.model.ServiceEntry> service(ServiceKey key) {
            return k.service(key);
        }

        @Override
        public List<dev.fulcrum.ipvs.model.DestinationEntry> destinations(ServiceKey key) {
            return k.destinations(key);
        }

        @Override
        public void flush() {
            k.flush();
        }
    }

    /** The fake kernel shared between the test thread and the resync thread. */
    static final class SynchronizedKernel implements dev.fulcrum.ipvs.IpvsKernel {
        private final FakeKernel k;

        SynchronizedKernel(FakeKernel k) {
            this.k = k;
        }

        synchronized boolean has(ServiceKey key) {
            return k.services.containsKey(key) && !k.dests.get(key).isEmpty();
        }

        @Override
        public synchronized dev.fulcrum.ipvs.model.KernelTable table() {
            return k.table();
        }

        @Override
        public synchronized List<dev.fulcrum.ipvs.OperationResult> apply(List<? extends IpvsOperation> ops) {
            return k.apply(ops);
        }

        @Override
        public synchronized List<dev.fulcrum.ipvs.model.ServiceEntry> services() {
            return k.services();
        }

        @Override
        public synchronized java.util.Optional<dev.fulcrum.ipvs.model.ServiceEntry> service(ServiceKey key) {
            return k.service(key);
        }

        @Override
        public synchronized List<dev.fulcrum.ipvs.model.DestinationEntry> destinations(ServiceKey key) {
            return k.destinations(key);
        }

        @Override
        public synchronized void flush() {
            k.flush();
        }
    }
}

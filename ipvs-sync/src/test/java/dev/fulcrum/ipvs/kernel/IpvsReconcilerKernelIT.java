package dev.fulcrum.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.ipvs.IpvsadmFormat;
import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceFlag;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.reconcile.AppliedServicesFile;
import dev.fulcrum.ipvs.reconcile.DesiredDestination;
import dev.fulcrum.ipvs.reconcile.DesiredService;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.IpvsReconciler;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import dev.fulcrum.ipvs.reconcile.ReconcileReport;
import dev.fulcrum.lab.KernelTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler against the real kernel: convergence, foreign services, drift, changes, errors, drain. */
@KernelTest
class IpvsReconcilerKernelIT extends KernelIpvsClass {
    Path state;
    SimpleMeterRegistry registry;

    @BeforeEach
    void fresh() throws Exception {
        client.flush();
        state = Files.createTempDirectory("fulcrum-ipvs").resolve("applied");
        registry = new SimpleMeterRegistry();
    }

    IpvsReconciler reconciler(ReconcileOptions o) {
        return new IpvsReconciler(client, new AppliedServicesFile(state), o, registry);
    }

    /** n services of assorted kinds with 3 real servers each. */
    static DesiredTable table(int n, int weight, String sched) {
        List<DesiredService> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServiceKey k = switch (i % 4) {
                case 0 -> ServiceKey.of(Protocol.TCP, ip("10.10." + (i / 250) + "." + (i % 250 + 1)), 80);
                case 1 -> ServiceKey.of(Protocol.UDP, ip("10.10." + (i / 250) + "." + (i % 250 + 1)), 53);
                case 2 -> ServiceKey.of(Protocol.TCP, ip("2001:db8:10::" + Integer.toHexString(i + 1)), 443);
                default -> ServiceKey.fwmark(1000 + i, AddressFamily.INET);
            };
            Service s = Service.of(k, sched);
            if (i % 4 == 2) {
                s = s.withPersistence(new Persistence(300, 64));
            }
            if (i % 4 == 1) {
                s = s.withFlags(Set.of(ServiceFlag.ONE_PACKET));
            }
            List<DesiredDestination> ds = new ArrayList<>();
            for (int j = 1; j <= 3; j++) {
                InetAddress a = k.family() == AddressFamily.INET6 ? ip("2001:db8:20::" + Integer.toHexString(i * 4 + j)) : ip("192.168." + (i / 60) + "." + ((i % 60) * 4 + j));
                int port = k instanceof ServiceKey.FwmarkKey ? 0 : (k instanceof ServiceKey.AddressKey ak ? ak.port() : 0);
                ForwardMethod m = k instanceof ServiceKey.FwmarkKey ? ForwardMethod.ROUTE : ForwardMethod.MASQ;
                ds.add(DesiredDestination.healthy(Destination.of(a, port, m, weight + j)));
            }
            out.add(DesiredService.of(s, ds));
        }
        return DesiredTable.of(out);
    }

    /** What the kernel holds for {@code desired}'s services, in ipvsadm -S form. */
    static String ownedRules(DesiredTable desired) {
        KernelTable t = client.table();
        java.util.Map<ServiceKey, KernelTable.Entry> m = new java.util.TreeMap<>(t.services());
        m.keySet().retainAll(desired.services().keySet());
        return IpvsadmFormat.rules(new KernelTable(m));
    }

    static void assertKernelEquals(DesiredTable desired) {
        KernelTable t = client.table();
        for (DesiredService ds : desired.services().values()) {
            KernelTable.Entry e = t.get(ds.service().key()).orElseThrow(() -> new AssertionError("missing " + ds.service().key()));
            assertEquals(ds.service(), e.service().service());
            assertEquals(ds.destinations().keySet(), e.destinations().keySet(), ds.service().key().describe());
            for (DesiredDestination dd : ds.destinations().values()) {
                assertEquals(dd.destination(), e.destinations().get(dd.destination().id()).destination());
            }
        }
    }

    @Test
    void convergesFromEmptyLeavesForeignServicesAloneAndSecondPassIsEmpty() {
        Lab.sh("ipvsadm -A -t 10.99.0.1:80 -s wlc && ipvsadm -a -t 10.99.0.1:80 -r 192.0.2.50:80 -m -w 3 && ipvsadm -A -f 99 -s rr");
        String foreignBefore = Lab.sh("ipvsadm -S -n");
        DesiredTable want = table(40, 1, "rr");
        IpvsReconciler r = reconciler(ReconcileOptions.DEFAULTS);
        r.desired(want);
        ReconcileReport first = r.reconcileOnce();
        assertEquals(40 + 120, first.added(), first.toString());
        assertEquals(0, first.failed());
        assertKernelEquals(want);
        ReconcileReport second = r.reconcileOnce();
        assertEquals(0, second.issued(), "second pass issues zero operations");
        String all = Lab.sh("ipvsadm -S -n");
        for (String line : foreignBefore.lines().toList()) {
            assertTrue(all.contains(line + "\n"), "foreign rule kept: " + line);
        }
        assertEquals(3 + 42 + 121, Lab.sh("ipvsadm -Ln").lines().count(), "ipvsadm sees ours plus the foreign ones");
        ReconcileReport cleared = r.clear();
        assertEquals(40, cleared.removed());
        assertEquals(foreignBefore, Lab.sh("ipvsadm -S -n"), "clear leaves exactly the foreign services");
    }

    @Test
    void driftMadeWithIpvsadmIsRepairedAndCounted() {
        DesiredTable want = table(12, 1, "wrr");
        IpvsReconciler r = reconciler(ReconcileOptions.DEFAULTS);
        r.desired(want);
        r.reconcileOnce();
        String converged = ownedRules(want);
        Lab.sh("ipvsadm -d -t 10.10.0.1:80 -r 192.168.0.1:80"          // a destination deleted
                + " && ipvsadm -e -t 10.10.0.1:80 -r 192.168.0.2:80 -m -w 77"   // a weight changed
                + " && ipvsadm -a -t 10.10.0.1:80 -r 192.0.2.99:80 -m -w 1"     // a stray destination
                + " && ipvsadm -D -u 10.10.0.2:53"                              // a service deleted
                + " && ipvsadm -E -f 1003 -s lc");                             // a scheduler changed
        ReconcileReport rep = r.reconcileOnce();
        assertEquals(0, rep.failed());
        assertEquals(1 + 1 + 1 + (1 + 3) + 1, rep.issued(), rep.toString());
        assertEquals(7, rep.repairs(), "every op except the stray removal restores unchanged desired state");
        assertEquals(7.0, registry.get("fulcrum.ipvs.repairs").counter().count());
        assertEquals(converged, ownedRules(want));
        assertEquals(0, r.reconcileOnce().issued());
    }

    /** The real client, counting whole-table reads, so a test can tell a kick read nothing back. */
    static final class CountingKernel implements dev.fulcrum.ipvs.IpvsKernel {
        int tableReads;

        @Override
        public KernelTable table() {
            tableReads++;
            return client.table();
        }

        @Override
        public List<dev.fulcrum.ipvs.model.ServiceEntry> services() {
            return client.services();
        }

        @Override
        public java.util.Optional<dev.fulcrum.ipvs.model.ServiceEntry> service(ServiceKey key) {
            return client.service(key);
        }

        @Override
        public List<DestinationEntry> destinations(ServiceKey key) {
            return client.destinations(key);
        }

        @Override
        public List<dev.fulcrum.ipvs.OperationResult> apply(List<? extends dev.fulcrum.ipvs.IpvsOperation> ops) {
            return client.apply(ops);
        }

        @Override
        public void flush() {
            client.flush();
        }
    }

    @Test
    void kicksApplyChangesWithoutReadingBackAndResyncRepairsDrift() {
        CountingKernel counting = new CountingKernel();
        IpvsReconciler r = new IpvsReconciler(counting, new AppliedServicesFile(state), ReconcileOptions.DEFAULTS, registry);
        DesiredTable a = table(40, 1, "rr");
        r.desired(a);
        assertEquals(40 + 120, r.kick().added());
        DesiredTable b = table(44, 1, "rr");
        r.desired(b);
        ReconcileReport grow = r.kick();
        assertEquals(4 + 12, grow.added(), grow.toString());
        assertEquals(0, r.kick().issued(), "a second pass issues zero operations");
        assertEquals(1, counting.tableReads, "only the very first pass read the table");
        assertKernelEquals(b);
        String converged = ownedRules(b);
        Lab.sh("ipvsadm -d -t 10.10.0.1:80 -r 192.168.0.1:80 && ipvsadm -D -u 10.10.0.2:53 && ipvsadm -E -f 1003 -s lc");
        assertEquals(0, r.kick().issued(), "a kick cannot see drift");
        ReconcileReport rep = r.resync();
        assertEquals(1 + (1 + 3) + 1, rep.repairs(), rep.toString());
        assertEquals(6.0, registry.get("fulcrum.ipvs.repairs").counter().count());
        assertEquals(converged, ownedRules(b));
        assertEquals(0, r.resync().issued());
        assertEquals(0, r.kick().issued());
    }

    @Test
    void stopDeletesOwnedServicesOrFlushesTheWholeTable() {
        Lab.sh("ipvsadm -A -t 10.99.0.1:80 -s wlc && ipvsadm -a -t 10.99.0.1:80 -r 192.0.2.50:80 -m -w 3");
        String foreign = Lab.sh("ipvsadm -S -n");
        IpvsReconciler r = reconciler(ReconcileOptions.DEFAULTS);
        r.desired(table(300, 1, "rr"));
        r.kick();
        Lab.sh("ipvsadm -D -t 10.10.0.1:80"); // one owned service already gone: no failure
        ReconcileReport cleared = r.clear(); // lvs_flush_on_stop VS (and the default): each owned service, no read-back
        assertEquals(299, cleared.removed(), cleared.toString());
        assertEquals(0, cleared.failed());
        assertEquals(foreign, Lab.sh("ipvsadm -S -n"), "foreign services stay");
        assertTrue(new AppliedServicesFile(state).load().isEmpty());
        IpvsReconciler f = reconciler(ReconcileOptions.DEFAULTS);
        f.desired(table(300, 1, "rr"));
        f.kick();
        ReconcileReport flushed = f.flushTable(); // lvs_flush_on_stop: the whole table
        assertEquals(301, flushed.removed());
        assertEquals("", Lab.sh("ipvsadm -S -n"));
        assertTrue(new AppliedServicesFile(state).load().isEmpty());
    }

    @Test
    void configShrinksGrowsAndChangesWithExactlyTheNeededOperations() {
        IpvsReconciler r = reconciler(ReconcileOptions.DEFAULTS);
        DesiredTable a = table(20, 1, "rr");
        r.desired(a);
        r.reconcileOnce();
        // shrink to 16 services: 4 deletions
        DesiredTable b = table(16, 1, "rr");
        r.desired(b);
        ReconcileReport shrink = r.reconcileOnce();
        assertEquals(4, shrink.removed());
        assertEquals(4, shrink.issued());
        // grow to 24 with another scheduler and weights: 16 service SETs, 48 dest SETs, 8 + 24 adds
        DesiredTable c = table(24, 10, "wlc");
        r.desired(c);
        ReconcileReport change = r.reconcileOnce();
        assertEquals(16 + 48, change.updated(), change.toString());
        assertEquals(8 + 24, change.added());
        assertEquals(0, change.removed(), "changes are SETs, never delete+add");
        assertEquals(0, change.repairs());
        assertKernelEquals(c);
        assertEquals(0, r.reconcileOnce().issued());
        assertEquals(ownedRules(c), IpvsadmFormat.rules(client.table()));
    }

    @Test
    void restartRemovesServicesDeletedFromTheConfigAndErrorsStayPerObject() throws Exception {
        IpvsReconciler first = reconciler(ReconcileOptions.DEFAULTS);
        first.desired(table(8, 1, "rr"));
        first.reconcileOnce();
        first.close();
        assertEquals(8, Files.readAllLines(state).size() - 1);
        // restart with 5 services, one of them with an unknown scheduler and one real server with a bad weight
        DesiredTable five = table(5, 1, "rr");
        DesiredService broken = DesiredService.of(Service.of(ServiceKey.of(Protocol.TCP, ip("10.77.0.1"), 80), "nosuchsched"),
                List.of(DesiredDestination.healthy(Destination.of(ip("192.0.2.1"), 80, ForwardMethod.MASQ, 1))));
        ServiceKey k0 = five.services().keySet().iterator().next();
        DesiredService first0 = five.services().get(k0);
        List<DesiredDestination> withBad = new ArrayList<>(first0.destinations().values());
        withBad.add(DesiredDestination.healthy(Destination.of(ip("192.0.2.200"), 80, ForwardMethod.MASQ, -1)));
        DesiredTable want = five.with(broken).with(DesiredService.of(first0.service(), withBad));
        IpvsReconciler second = reconciler(ReconcileOptions.DEFAULTS);
        second.desired(want);
        ReconcileReport rep = second.reconcileOnce();
        assertEquals(3, rep.removed(), "services removed from the config while 'down' are deleted: " + rep);
        assertEquals(3, rep.failed(), rep.failures().toString());
        List<String> msgs = rep.failures().stream().map(f -> f.error().get().getMessage()).toList();
        assertTrue(msgs.stream().anyMatch(m -> m.startsWith("add service TCP 10.77.0.1:80: ENOENT")), msgs.toString());
        assertTrue(msgs.stream().anyMatch(m -> m.startsWith("add destination 192.0.2.200:80 of ") && m.contains("ERANGE")), msgs.toString());
        assertEquals(5, client.table().serviceCount(), "everything else applied");
        assertEquals(1.0, registry.get("fulcrum.ipvs.errors").tags("errno", "ENOENT").counter().count());
        ReconcileReport again = second.reconcileOnce();
        assertEquals(3, again.issued(), "the failed objects are retried, nothing else");
        assertEquals(2.0, registry.get("fulcrum.ipvs.errors").tags("errno", "ENOENT").counter().count());
        second.desired(five);
        assertEquals(0, second.reconcileOnce().failed());
        ReconcileReport cleared = second.clear();
        assertEquals(5, cleared.removed());
        assertEquals(0, client.table().serviceCount());
        assertTrue(new AppliedServicesFile(state).load().isEmpty());
    }

    @Test
    void drainKeepsALiveTcpConnectionThenRemovesTheDestination() throws Exception {
        Lab.sh(String.join("\n",
                "set -e",
                "for ns in fdc fdr1; do ip netns add $ns; ip -n $ns link set lo up; done",
                "ip link add fdc0 type veth peer name c0 netns fdc",
                "ip addr add 198.51.100.1/24 dev fdc0; ip addr add 198.51.100.100/32 dev fdc0; ip link set fdc0 up",
                "ip -n fdc addr add 198.51.100.2/24 dev c0; ip -n fdc link set c0 up",
                "ip link add fdr0 type veth peer name e0 netns fdr1",
                "ip addr add 203.0.113.1/24 dev fdr0; ip link set fdr0 up",
                "ip -n fdr1 addr add 203.0.113.11/24 dev e0; ip -n fdr1 link set e0 up; ip -n fdr1 route add default via 203.0.113.1",
                "sysctl -qw net.ipv4.ip_forward=1",
                "mkdir -p /run/fdrain; rm -f /run/fdrain/*",
                "cat > /run/fdrain/server.py <<'PY'",
                "import socket, threading",
                "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 80)); s.listen(8)",
                "def serve(c):",
                "    while True:",
                "        d = c.recv(100)",
                "        if not d: break",
                "        c.sendall(b'rs1:' + d)",
                "    c.close()",
                "while True:",
                "    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()",
                "PY",
                "cat > /run/fdrain/client.py <<'PY'",
                "import socket, struct, time, os",
                "c = socket.create_connection(('198.51.100.100', 80), timeout=20)",
                "c.sendall(b'one'); a = c.recv(100)",
                "open('/run/fdrain/first', 'w').write(a.decode())",
                "end = time.time() + 240",
                "while not os.path.exists('/run/fdrain/go') and time.time() < end: time.sleep(0.1)",
                "c.sendall(b'two'); b = c.recv(100)",
                "open('/run/fdrain/second.tmp', 'w').write(b.decode()); os.rename('/run/fdrain/second.tmp', '/run/fdrain/second')",
                "c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close()",
                "PY",
                "setsid ip netns exec fdr1 python3 /run/fdrain/server.py </dev/null >/dev/null 2>&1 &",
                "echo $! > /run/fdrain/server.pid"));
        try {
            ServiceKey vip = ServiceKey.of(Protocol.TCP, ip("198.51.100.100"), 80);
            Destination rs1 = Destination.of(ip("203.0.113.11"), 80, ForwardMethod.MASQ, 1);
            IpvsReconciler r = reconciler(ReconcileOptions.DEFAULTS.withDrainTimeout(Duration.ofSeconds(300)));
            r.desired(DesiredTable.of(List.of(DesiredService.of(Service.of(vip, "rr"), List.of(DesiredDestination.healthy(rs1))))));
            r.reconcileOnce();
            Lab.sh("for i in $(seq 1 100); do ip netns exec fdr1 python3 -c \"import socket; socket.create_connection(('127.0.0.1', 80), 1)\" 2>/dev/null && exit 0; sleep 0.2; done; exit 1");
            Lab.sh("setsid ip netns exec fdc python3 /run/fdrain/client.py </dev/null >/run/fdrain/client.log 2>&1 & "
                    + "for i in $(seq 1 300); do [ -s /run/fdrain/first ] && exit 0; sleep 0.1; done; cat /run/fdrain/client.log; exit 1");
            assertEquals("rs1:one", Files.readString(Path.of("/run/fdrain/first")));
            DestinationEntry live = client.destinations(vip).get(0);
            assertEquals(1, live.activeConnections(), "one established connection through the NAT service");

            // the real server leaves the config: drain, not delete
            r.desired(DesiredTable.of(List.of(DesiredService.of(Service.of(vip, "rr"), List.of()))));
            ReconcileReport drain = r.reconcileOnce();
            assertEquals(1, drain.updated(), drain.toString());
            List<DestinationEntry> draining = client.destinations(vip);
            assertEquals(1, draining.size(), "still present while the connection lives");
            assertEquals(0, draining.get(0).destination().weight());
            assertTrue(Lab.sh("ipvsadm -Ln -t 198.51.100.100:80").contains("  -> 203.0.113.11:80              Masq    0      1 "));
            assertEquals(0, r.reconcileOnce().issued(), "waits while connections remain");

            Files.writeString(Path.of("/run/fdrain/go"), "go");
            Lab.sh("for i in $(seq 1 300); do [ -s /run/fdrain/second ] && exit 0; sleep 0.1; done; cat /run/fdrain/client.log; exit 1");
            assertEquals("rs1:two", Files.readString(Path.of("/run/fdrain/second")), "the connection kept working while draining");

            // after the reset the entry expires (CLOSE state, 10 s); then the destination is deleted
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            boolean gone = false;
            while (System.nanoTime() < deadline) {
                r.reconcileOnce();
                if (client.destinations(vip).isEmpty()) {
                    gone = true;
                    break;
                }
                Thread.sleep(1000);
            }
            assertTrue(gone, "destination removed once its connections ended: " + Lab.sh("ipvsadm -Ln; cat /proc/net/ip_vs_conn"));
            assertFalse(r.draining().iterator().hasNext());
        } finally {
            Lab.shAllowFail("kill $(cat /run/fdrain/server.pid) 2>/dev/null; ip netns del fdc; ip netns del fdr1; ip link del fdc0; ip link del fdr0");
        }
    }
}

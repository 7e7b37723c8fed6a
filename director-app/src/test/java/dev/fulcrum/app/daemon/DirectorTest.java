package dev.fulcrum.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.app.sync.SyncDaemonRoles;
import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.Timeouts;
import dev.fulcrum.ipvs.reconcile.DesiredDestination;
import dev.fulcrum.ipvs.reconcile.DesiredService;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The director's logic with fake edges: the edges themselves are tested against the real kernel and sockets. */
class DirectorTest {
    static final String CONF = """
            global_defs { router_id lb1
              lvs_sync_daemon eth0 VI_1
            }
            vrrp_instance VI_1 { state BACKUP
              interface eth0
              virtual_router_id 51
              priority 100
              virtual_ipaddress { 192.0.2.100/24 }
            }
            virtual_server 192.0.2.100 80 {
              lb_algo wrr
              lb_kind NAT
              protocol TCP
              quorum 2
              quorum_down "/bin/true quorum-down"
              sorry_server 203.0.113.9 80
              real_server 198.51.100.11 80 { weight 1 }
              real_server 198.51.100.12 80 { weight 1 }
            }
            """;

    final AtomicReference<String> text = new AtomicReference<>(CONF);
    final FakeIpvs ipvs = new FakeIpvs();
    final List<String> scripts = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Director director;

    ConfResult load() {
        return KeepalivedConf.parse(Path.of("/etc/keepalived/keepalived.conf"), text.get(), LoadOptions.forId("lb1"));
    }

    final NoHealth health = new NoHealth();

    Director start() throws Exception {
        KeepalivedConfig c = load().config().orElseThrow();
        director = new Director(c, this::load, Optional.of(ipvs), health, new NoVrrp(), (s, args) -> scripts.add(s.command()),
                ReconcileOptions.DEFAULTS, registry, Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), java.time.ZoneOffset.UTC));
        director.start();
        return director;
    }

    @AfterEach
    void stop() {
        if (director != null) {
            director.close();
        }
    }

    static Endpoint ep(String a) throws Exception {
        return new Endpoint(InetAddress.getByName(a), 80);
    }

    DesiredService only(DesiredTable t) {
        assertEquals(1, t.services().size());
        return t.services().values().iterator().next();
    }

    List<String> healthy(DesiredService s) {
        List<String> out = new ArrayList<>();
        for (DesiredDestination d : s.destinations().values()) {
            if (d.healthy()) {
                out.add(d.destination().address().getHostAddress());
            }
        }
        return out;
    }

    void settle() {
        director.generation(); // a round trip through the director thread: earlier events are handled
    }

    @Test
    void startPublishesEveryRealServerAndStartsTheBackupSyncRole() throws Exception {
        start();
        assertEquals(List.of("198.51.100.11", "198.51.100.12"), healthy(only(ipvs.last())));
        assertEquals(1, ipvs.steps.size());
        assertEquals(SyncDaemon.Role.BACKUP, ((SyncDaemonRoles.Start) ipvs.steps.get(0)).daemon().role());
    }

    @Test
    void aDeadServerLeavesAndQuorumLossSwapsInTheSorryServer() throws Exception {
        start();
        director.post(new DirectorEvent.ServerHealth("[192.0.2.100]:tcp:80", ep("198.51.100.11"), false, 1, "TCP_CHECK", "refused", Duration.ofMillis(1)));
        settle();
        assertEquals(List.of("203.0.113.9"), healthy(only(ipvs.last())), "weight 1 < quorum 2: sorry server serves");
        assertEquals(List.of("/bin/true quorum-down"), scripts);
        Map<String, Object> st = director.status();
        Map<?, ?> svc = (Map<?, ?>) ((List<?>) st.get("services")).get(0);
        assertEquals(false, svc.get("quorumUp"));
        assertEquals(true, svc.get("sorryServerActive"));
        Map<?, ?> rs1 = (Map<?, ?>) ((List<?>) svc.get("realServers")).get(0);
        assertEquals(false, rs1.get("up"));
        assertEquals("refused", rs1.get("reason"));
        director.post(new DirectorEvent.ServerHealth("[192.0.2.100]:tcp:80", ep("198.51.100.11"), true, 1, "TCP_CHECK", "ok", Duration.ofMillis(1)));
        settle();
        assertEquals(List.of("198.51.100.11", "198.51.100.12"), healthy(only(ipvs.last())), "quorum regained: sorry server out");
        assertEquals(1.0, registry.get("fulcrum.quorum.transitions").tag("to", "up").counter().count());
    }

    double gauge(String name, String server) {
        io.micrometer.core.instrument.Gauge g = registry.find(name).tag("real_server", server).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void serverGaugesFollowHealthAndReloadsAndStayWhileTheSorryServerServes() throws Exception {
        start();
        assertEquals(1.0, gauge("fulcrum.realserver.up", "198.51.100.11:80"));
        director.post(new DirectorEvent.ServerHealth("[192.0.2.100]:tcp:80", ep("198.51.100.11"), false, 1, "TCP_CHECK", "refused", Duration.ofMillis(1)));
        settle();
        assertEquals(0.0, gauge("fulcrum.realserver.up", "198.51.100.11:80"), "the dead server's gauge says so");
        assertEquals(1.0, gauge("fulcrum.realserver.up", "198.51.100.12:80"), "the live one stays up while the sorry server serves");
        assertTrue(Double.isNaN(gauge("fulcrum.realserver.up", "203.0.113.9:80")), "the sorry server is not a real server");
        assertEquals(1.0, registry.get("fulcrum.quorum.transitions").tag("to", "down").counter().count());
        // a reload changes one server's weight and adds one: only their rows change, the dead one stays dead
        text.set(CONF.replace("real_server 198.51.100.12 80 { weight 1 }", "real_server 198.51.100.12 80 { weight 5 }\n  real_server 198.51.100.13 80 { weight 1 }"));
        assertEquals(true, director.reload().get("ok"));
        assertEquals(5.0, gauge("fulcrum.realserver.weight", "198.51.100.12:80"));
        assertEquals(1.0, gauge("fulcrum.realserver.up", "198.51.100.13:80"));
        assertEquals(0.0, gauge("fulcrum.realserver.up", "198.51.100.11:80"));
        // the service leaves: its servers' series and its quorum counters leave with it
        text.set(CONF.replace("virtual_server 192.0.2.100 80", "virtual_server 192.0.2.101 80"));
        assertEquals(true, director.reload().get("ok"));
        assertTrue(Double.isNaN(gauge("fulcrum.realserver.up", "198.51.100.13:80")));
        assertEquals(null, registry.find("fulcrum.quorum.transitions").tag("virtual_server", "[192.0.2.100]:tcp:80").counter());
        assertEquals(1.0, gauge("fulcrum.realserver.up", "198.51.100.11:80"), "the new service's server starts up (no alpha)");
    }

    @Test
    void aBrokenReloadChangesNothingAndIsCounted() throws Exception {
        start();
        DesiredTable before = ipvs.last();
        text.set(CONF.replace("lb_algo wrr", "lb_algo wrr\n  virtual_router_id 999 {"));
        Map<String, Object> r = director.reload();
        assertEquals(false, r.get("ok"));
        assertTrue(r.get("diagnostics").toString().contains("keepalived.conf:"), r.toString());
        assertEquals(1L, r.get("generation"));
        assertEquals(before, ipvs.last());
        assertEquals(1.0, registry.get("fulcrum.reloads").tag("result", "failure").counter().count());
        assertEquals("failed", ((Map<?, ?>) director.status().get("lastReload")).get("result"));
    }

    @Test
    void aGoodReloadBumpsTheGenerationAndPublishesOnlyTheNewTable() throws Exception {
        start();
        text.set(CONF.replace("real_server 198.51.100.12 80 { weight 1 }", "real_server 198.51.100.12 80 { weight 5 }\n  real_server 198.51.100.13 80 { weight 1 }"));
        Map<String, Object> r = director.reload();
        assertEquals(true, r.get("ok"), r.toString());
        assertEquals(2L, r.get("generation"));
        DesiredService s = only(ipvs.last());
        assertEquals(3, s.destinations().size());
        assertEquals(5, s.destinations().values().stream().filter(d -> d.destination().address().getHostAddress().equals("198.51.100.12"))
                .findFirst().orElseThrow().destination().weight());
        assertEquals(1.0, registry.get("fulcrum.reloads").tag("result", "success").counter().count());
    }

    @Test
    void becomingMasterSwapsTheSyncDaemonToMaster() throws Exception {
        start();
        ipvs.running.clear();
        ipvs.running.add(SyncDaemon.of(SyncDaemon.Role.BACKUP, "eth0", 51));
        ipvs.steps.clear();
        director.post(new DirectorEvent.VrrpTransition("VI_1", "BACKUP", "MASTER", "master down timer", Instant.EPOCH));
        settle();
        assertEquals(new SyncDaemonRoles.Stop(SyncDaemon.Role.BACKUP), ipvs.steps.get(0));
        assertEquals(SyncDaemon.Role.MASTER, ((SyncDaemonRoles.Start) ipvs.steps.get(1)).daemon().role());
        assertEquals("master", ((Map<?, ?>) director.status().get("syncDaemon")).get("role"));
    }

    @Test
    void lvsFlushOnStopReachesTheKernelEdgeInBothForms() throws Exception {
        for (String form : List.of("lvs_flush_on_stop", "lvs_flush_on_stop VS")) {
            text.set(CONF.replaceFirst("global_defs \\{", "global_defs {\n  " + form + "\n"));
            start();
            director.stop(Duration.ofSeconds(1));
            assertEquals(form.endsWith("VS") ? dev.fulcrum.conf.model.LvsFlushOnStop.VS : dev.fulcrum.conf.model.LvsFlushOnStop.FLUSH,
                    ipvs.clearMode, form);
        }
        text.set(CONF);
        start();
        director.stop(Duration.ofSeconds(1));
        assertEquals(dev.fulcrum.conf.model.LvsFlushOnStop.OFF, ipvs.clearMode);
    }

    @Test
    void stopClearsOwnedServicesAndStopsSyncDaemons() throws Exception {
        start();
        ipvs.running.add(SyncDaemon.of(SyncDaemon.Role.BACKUP, "eth0", 51));
        director.stop(Duration.ofSeconds(1));
        assertTrue(ipvs.cleared);
        assertTrue(ipvs.steps.contains(new SyncDaemonRoles.Stop(SyncDaemon.Role.BACKUP)));
        assertTrue(director.awaitStoppedFor(1, TimeUnit.SECONDS));
    }

    @Test
    void haSuspendChecksOnlyWhileTheVipIsLocal() throws Exception {
        text.set(CONF.replace("  quorum 2", "  quorum 2\n  ha_suspend"));
        start();
        assertEquals(java.util.Set.of("[192.0.2.100]:tcp:80"), health.suspended, "BACKUP at start: checks suspended");
        director.post(new DirectorEvent.VrrpTransition("VI_1", "BACKUP", "MASTER", "master down timer", Instant.EPOCH));
        settle();
        assertTrue(health.suspended.isEmpty(), "MASTER holds the VIP: checks resume");
        assertEquals(false, ((Map<?, ?>) ((List<?>) director.status().get("services")).get(0)).get("checksSuspended"));
        director.post(new DirectorEvent.VrrpTransition("VI_1", "MASTER", "BACKUP", "higher priority advert", Instant.EPOCH));
        settle();
        assertEquals(java.util.Set.of("[192.0.2.100]:tcp:80"), health.suspended);
    }

    static final class FakeIpvs implements IpvsEdge {
        final List<DesiredTable> published = new CopyOnWriteArrayList<>();
        final List<SyncDaemonRoles.Step> steps = new CopyOnWriteArrayList<>();
        final List<SyncDaemon> running = new CopyOnWriteArrayList<>();
        volatile boolean cleared;
        Timeouts timeouts = new Timeouts(900, 120, 300);

        DesiredTable last() {
            return published.get(published.size() - 1);
        }

        @Override
        public void publish(DesiredTable table) {
            published.add(table);
        }

        @Override
        public void options(ReconcileOptions options) {
        }

        @Override
        public List<SyncDaemon> runningDaemons() {
            return List.copyOf(running);
        }

        @Override
        public void apply(List<SyncDaemonRoles.Step> s) {
            steps.addAll(s);
            for (SyncDaemonRoles.Step x : s) {
                if (x instanceof SyncDaemonRoles.Start st) {
                    running.add(st.daemon());
                } else if (x instanceof SyncDaemonRoles.Stop sp) {
                    running.removeIf(d -> d.role() == sp.role());
                }
            }
        }

        @Override
        public Timeouts timeouts() {
            return timeouts;
        }

        @Override
        public void timeouts(Timeouts t) {
            timeouts = t;
        }

        volatile dev.fulcrum.conf.model.LvsFlushOnStop clearMode;

        @Override
        public void clearOwned() {
            cleared = true;
        }

        @Override
        public void clearOwned(dev.fulcrum.conf.model.LvsFlushOnStop mode) {
            clearMode = mode;
            cleared = true;
        }

        @Override
        public void close() {
        }
    }

    static final class NoHealth implements HealthEdge {
        final java.util.Set<String> suspended = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void start(KeepalivedConfig config) {
        }

        @Override
        public void suspend(String virtualServer, boolean on) {
            if (on) {
                suspended.add(virtualServer);
            } else {
                suspended.remove(virtualServer);
            }
        }

        @Override
        public void reconfigure(KeepalivedConfig config) {
        }

        @Override
        public Map<String, Map<String, List<Map<String, Object>>>> checkerStatus() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    static final class NoVrrp implements VrrpEdge {
        @Override
        public void start(KeepalivedConfig config) {
        }

        @Override
        public void reconfigure(KeepalivedConfig config) {
        }

        @Override
        public List<Map<String, Object>> status() {
            return List.of();
        }

        @Override
        public void stop(Duration timeout) {
        }

        @Override
        public void close() {
        }
    }
}

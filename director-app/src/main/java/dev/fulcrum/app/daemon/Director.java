package dev.fulcrum.app.daemon;

import dev.fulcrum.app.desired.DesiredTableAssembler;
import dev.fulcrum.app.desired.ServiceIndex;
import dev.fulcrum.app.desired.ServiceMemo;
import dev.fulcrum.ipvs.conf.QuorumTransition;
import dev.fulcrum.ipvs.conf.RealServerState;
import dev.fulcrum.ipvs.conf.ServiceVerdict;
import dev.fulcrum.app.sync.KernelTimeouts;
import dev.fulcrum.app.sync.SyncDaemonRoles;
import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.Script;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.ipvs.conf.DesiredTableFromConfig;
import dev.fulcrum.ipvs.model.Timeouts;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director: combines the configuration, real-server health and VRRP state into the desired IPVS
 * table and the sync-daemon roles. All of its state lives on one thread ("director"); the edges post
 * {@link DirectorEvent}s, and the control socket asks through {@link #status()} and {@link #reload()},
 * which run on that thread too.
 */
public final class Director implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Director.class);

    private final Supplier<ConfResult> configSource;
    private final Optional<IpvsEdge> ipvs;
    private final HealthEdge checks;
    private final VrrpEdge vrrp;
    private final ScriptRunner scripts;
    private final ReconcileOptions baseOptions;
    private final Clock clock;
    private final ExecutorService loop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object reloadLock = new Object();

    private final Counter reloadOk;
    private final Counter reloadFailed;
    private final AtomicLong generationGauge = new AtomicLong(1);
    private final MeterRegistry registry;

    // ---- state owned by the director thread
    private KeepalivedConfig config;
    private long generation = 1;
    private Map<String, Object> lastReload = Map.of("result", "none");
    private final Map<String, Map<Endpoint, RealServerState>> health = new HashMap<>();
    private final Map<String, Map<Endpoint, Map<String, Object>>> lastCheck = new HashMap<>();
    private final Map<String, Boolean> quorum = new HashMap<>();
    private Map<String, ServiceVerdict> verdicts = Map.of();
    private final Map<String, String> vrrpStates = new HashMap<>();
    private final Map<String, Map<String, Object>> lastTransitions = new HashMap<>();
    private Timeouts kernelTimeoutsAtStart;
    private String syncRole = "none";
    private final java.util.Set<String> suspendedServices = new java.util.HashSet<>();
    /** Per real server (virtual server + endpoint): {up 0/1, effective weight}, read by the gauges at scrape time. */
    private final dev.fulcrum.app.metrics.RealServerSeries serverSeries;
    /** Builds each table re-evaluating only the services whose inputs changed. */
    private final ServiceMemo tables = new ServiceMemo();
    /** The running configuration's services by name; replaced with {@link #config}. */
    private ServiceIndex index;
    /** What the real-server gauges hold per virtual server, so that a build rewrites only what changed. */
    private Map<String, GaugeRows> gaugeRows = new HashMap<>();

    /** A service's gauge rows and the inputs they were made from (configuration object, health map), compared by identity. */
    private record GaugeRows(VirtualServer server, Map<Endpoint, RealServerState> health, List<GaugeRow> rows) {
    }

    /** One real server's gauge values as last written. */
    private record GaugeRow(Endpoint endpoint, boolean up, int weight) {
    }
    private boolean stopping;
    /** The last table build's own time and its gauge update's, for the reload's phase line. */
    private long lastBuildNanos;
    private long lastGaugeNanos;

    /** Runs notify and quorum scripts without blocking the director thread. */
    @FunctionalInterface
    public interface ScriptRunner {
        void run(Script script, List<String> extraArgs);
    }

    public Director(KeepalivedConfig initial, Supplier<ConfResult> configSource, Optional<IpvsEdge> ipvs, HealthEdge health,
                    VrrpEdge vrrp, ScriptRunner scripts, ReconcileOptions baseOptions, MeterRegistry registry, Clock clock) {
        this.config = initial;
        this.index = ServiceIndex.of(initial);
        this.configSource = configSource;
        this.ipvs = ipvs;
        this.checks = health;
        this.vrrp = vrrp;
        this.scripts = scripts;
        this.baseOptions = baseOptions;
        this.clock = clock;
        this.registry = registry;
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "director");
            t.setDaemon(false);
            return t;
        });
        this.reloadOk = Counter.builder("fulcrum.reloads").tag("result", "success").description("configuration reloads").register(registry);
        this.reloadFailed = Counter.builder("fulcrum.reloads").tag("result", "failure").description("configuration reloads").register(registry);
        this.serverSeries = new dev.fulcrum.app.metrics.RealServerSeries(registry);
        Gauge.builder("fulcrum.config.generation", generationGauge, AtomicLong::get)
                .description("generation of the running configuration, +1 per successful reload").register(registry);
    }

    /** Starts every side and programs the first desired table. */
    public void start() throws Exception {
        start(() -> { });
    }

    /**
     * VRRP first: a rebooted director's first advert and VIP wait neither for the IPVS table nor for the
     * checkers (keepalived's VRRP child does not wait for its checker child either). A transition may reach
     * the director thread before the first table: it only sets sync-daemon roles and ha_suspend, which the
     * health edge remembers until its checkers start.
     */
    public void start(Runnable vrrpStarted) throws Exception {
        vrrp.start(config);
        vrrpStarted.run();
        call(() -> {
            ipvs.ifPresent(k -> {
                kernelTimeoutsAtStart = k.timeouts();
                k.options(DesiredTableFromConfig.options(config, baseOptions));
            });
            applyTimeouts();
            rebuild("start");
            applySyncRoles();
            return null;
        });
        checks.start(config);
        call(() -> {
            applyHaSuspend();
            return null;
        });
        log.info("director started: {} VRRP instance(s), {} virtual server(s), generation {}", config.vrrpInstances().size(),
                config.virtualServers().size(), generation);
    }

    /** Posts an event from an edge; never blocks the caller. */
    public void post(DirectorEvent e) {
        try {
            loop.execute(() -> handle(e));
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // stopping: late events from the edges are dropped
        }
    }

    private void handle(DirectorEvent e) {
        if (stopping) {
            return;
        }
        try {
            if (e instanceof DirectorEvent.ServerHealth h) {
                onHealth(h);
            } else if (e instanceof DirectorEvent.VrrpTransition t) {
                onVrrp(t);
            }
        } catch (RuntimeException ex) {
            log.error("director: event {} failed: {}", e, ex.toString(), ex);
        }
    }

    private void onHealth(DirectorEvent.ServerHealth h) {
        VirtualServer vs = index.byName().get(h.virtualServer());
        if (vs == null) {
            return; // a server of a configuration that was just reloaded away
        }
        RealServer rs = vs.realServers().stream().filter(r -> r.endpoint().equals(h.server())).findFirst().orElse(null);
        if (rs == null) {
            return;
        }
        Map<Endpoint, RealServerState> was = health.getOrDefault(h.virtualServer(), Map.of());
        RealServerState before = was.get(h.server());
        RealServerState now = new RealServerState(h.alive(), h.weight() - rs.weight());
        if (!now.equals(before)) {
            // replaced, never edited: the table memo and the gauges tell a changed service by identity
            Map<Endpoint, RealServerState> m = new HashMap<>(was);
            m.put(h.server(), now);
            health.put(h.virtualServer(), Map.copyOf(m));
        }
        Map<String, Object> lc = new LinkedHashMap<>();
        lc.put("lastResult", h.alive() ? "success" : "failure");
        lc.put("checker", h.checker());
        lc.put("reason", h.reason());
        lc.put("latencyMs", h.latency().toMillis());
        lc.put("at", clock.instant().toString());
        lastCheck.computeIfAbsent(h.virtualServer(), k -> new HashMap<>()).put(h.server(), lc);
        boolean wasAlive = before == null ? !rs.alpha() : before.alive();
        if (wasAlive != h.alive()) {
            serverSeries.transition(h.virtualServer() + " " + h.server(), h.virtualServer(), h.server().toString(), h.alive());
            log.info("real server {} of VS {} is {} ({} {})", h.server(), h.virtualServer(), h.alive() ? "UP" : "DOWN", h.checker(), h.reason());
            Optional<Script> s = h.alive() ? rs.notifyUp() : rs.notifyDown();
            s.ifPresent(x -> scripts.run(x, List.of()));
        }
        rebuild("health " + h.server() + " " + (h.alive() ? "up" : "down"));
    }

    private void onVrrp(DirectorEvent.VrrpTransition t) {
        vrrpStates.put(t.instance(), t.to());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", t.from());
        m.put("to", t.to());
        m.put("reason", t.reason());
        m.put("at", t.at().toString());
        lastTransitions.put(t.instance(), m);
        applySyncRoles();
        applyHaSuspend();
    }

    /**
     * {@code ha_suspend}: a virtual server whose address is a VIP of a VRRP instance is checked only while
     * that instance is MASTER here. An address no instance manages is taken as local (always checked).
     */
    private void applyHaSuspend() {
        for (ServiceIndex.Named n : index.services()) {
            String name = n.name();
            VirtualServer vs = n.server();
            boolean want = vs.haSuspend() && !addressLocal(vs);
            if (want != suspendedServices.contains(name)) {
                checks.suspend(name, want);
                if (want) {
                    suspendedServices.add(name);
                } else {
                    suspendedServices.remove(name);
                }
            }
        }
        for (String n : new ArrayList<>(suspendedServices)) {
            if (!index.byName().containsKey(n)) {
                checks.suspend(n, false);
                suspendedServices.remove(n);
            }
        }
    }

    private boolean addressLocal(VirtualServer vs) {
        if (!(vs.address() instanceof dev.fulcrum.conf.model.ServiceAddress.Inet inet)) {
            return true;
        }
        boolean managed = false;
        for (dev.fulcrum.conf.model.VrrpInstance i : config.vrrpInstances()) {
            if (i.virtualAddresses().stream().anyMatch(v -> v.prefix().address().equals(inet.address()))) {
                managed = true;
                if ("MASTER".equals(vrrpStates.get(i.name()))) {
                    return true;
                }
            }
        }
        return !managed;
    }

    /** Recomputes the desired table and publishes it; runs quorum scripts for transitions. */
    private void rebuild(String why) {
        if (ipvs.isEmpty() && config.virtualServers().isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        DesiredTableAssembler.Build b = tables.build(config, index, health, quorum);
        lastBuildNanos = System.nanoTime() - t0;
        verdicts = b.verdicts();
        for (ServiceIndex.Named n : index.services()) {
            ServiceVerdict v = b.verdicts().get(n.name());
            quorum.put(n.name(), v.quorumUp());
            v.transition().ifPresent(q -> onQuorum(n, q));
        }
        ipvs.ifPresent(k -> k.publish(b.table()));
        long t1 = System.nanoTime();
        updateServerGauges();
        lastGaugeNanos = System.nanoTime() - t1;
        log.debug("desired table rebuilt ({}): {} services", why, b.table().services().size());
    }

    /**
     * fulcrum_realserver_up / fulcrum_realserver_weight for every configured real server, also while a sorry
     * server stands in for them. Only the rows that
     * differ from what the gauges hold are written: a health event changes one server, and a reload of
     * 5,000 services a few, so neither pays for building 20,000 series keys.
     */
    private void updateServerGauges() {
        Map<String, GaugeRows> next = new HashMap<>(index.services().size() * 2);
        for (ServiceIndex.Named n : index.services()) {
            String vsName = n.name();
            if (next.containsKey(vsName)) {
                continue;
            }
            VirtualServer vs = n.server();
            Map<Endpoint, RealServerState> vsHealth = health.getOrDefault(vsName, Map.of());
            GaugeRows had = gaugeRows.get(vsName);
            if (had != null && had.server() == vs && had.health() == vsHealth) {
                next.put(vsName, had);
                continue;
            }
            List<GaugeRow> rows = new ArrayList<>(vs.realServers().size());
            for (RealServer r : vs.realServers()) {
                // keepalived's start-up rule: a server not checked yet is down with alpha, else up
                RealServerState hs = vsHealth.getOrDefault(r.endpoint(), r.alpha() ? RealServerState.DOWN : RealServerState.UP);
                rows.add(new GaugeRow(r.endpoint(), hs.alive(), Math.max(0, r.weight() + hs.dynamicWeight())));
            }
            List<GaugeRow> was = had == null ? List.of() : had.rows();
            if (!rows.equals(was)) {
                java.util.Set<Endpoint> kept = new java.util.HashSet<>();
                for (GaugeRow r : rows) {
                    kept.add(r.endpoint());
                    if (!was.contains(r)) {
                        serverSeries.put(vsName + " " + r.endpoint(), vsName, r.endpoint().toString(), r.up(), r.weight());
                    }
                }
                for (GaugeRow r : was) {
                    if (!kept.contains(r.endpoint())) {
                        serverSeries.remove(vsName + " " + r.endpoint());
                    }
                }
            }
            next.put(vsName, new GaugeRows(vs, vsHealth, rows));
        }
        for (Map.Entry<String, GaugeRows> gone : gaugeRows.entrySet()) {
            if (!next.containsKey(gone.getKey())) {
                gone.getValue().rows().forEach(r -> serverSeries.remove(gone.getKey() + " " + r.endpoint()));
            }
        }
        gaugeRows = next;
    }

    private void onQuorum(ServiceIndex.Named n, QuorumTransition q) {
        log.warn(q.describe());
        registry.counter("fulcrum.quorum.transitions", "virtual_server", n.name(), "to", q.up() ? "up" : "down").increment();
        (q.up() ? n.server().quorumUp() : n.server().quorumDown()).ifPresent(s -> scripts.run(s, List.of()));
    }

    private void applySyncRoles() {
        if (ipvs.isEmpty()) {
            return;
        }
        Optional<LvsSyncDaemon> sd = config.globalDefs().lvsSyncDaemon();
        boolean master = sd.flatMap(LvsSyncDaemon::instance).map(i -> "MASTER".equals(vrrpStates.get(i))).orElse(false);
        try {
            List<SyncDaemonRoles.Step> steps = SyncDaemonRoles.plan(sd, master, ipvs.get().runningDaemons());
            if (!steps.isEmpty()) {
                ipvs.get().apply(steps);
                log.info("sync daemon: {}", steps);
            }
            syncRole = sd.isEmpty() ? "none" : sd.get().instance().isEmpty() ? "master+backup" : master ? "master" : "backup";
        } catch (RuntimeException e) {
            log.error("sync daemon: cannot apply roles: {}", e.toString());
        }
    }

    private void applyTimeouts() {
        if (ipvs.isEmpty() || kernelTimeoutsAtStart == null) {
            return;
        }
        Timeouts want = KernelTimeouts.wanted(config.globalDefs().lvsTimeouts(), kernelTimeoutsAtStart);
        try {
            if (!want.equals(ipvs.get().timeouts())) {
                ipvs.get().timeouts(want);
                log.info("lvs_timeouts: tcp {} s, tcpfin {} s, udp {} s", want.tcp(), want.tcpFin(), want.udp());
            }
        } catch (RuntimeException e) {
            log.error("lvs_timeouts: cannot set {}: {}", want, e.toString());
        }
    }

    /**
     * Reloads the configuration. A configuration with errors changes nothing: the old one keeps running
     * and the diagnostics come back in the reply.
     */
    public Map<String, Object> reload() {
        // Parsing thousands of services takes a while: do it on the caller's thread so the director thread
        // keeps handling health and VRRP events meanwhile; one reload at a time keeps them in order.
        synchronized (reloadLock) {
            long t0 = System.nanoTime();
            ConfResult r = configSource.get();
            long tParsed = System.nanoTime();
            return call(() -> reloadOnLoop(r, t0, tParsed));
        }
    }

    private Map<String, Object> reloadOnLoop(ConfResult r, long t0, long tParsed) {
        List<String> diags = r.diagnostics().stream().map(Diagnostic::toString).toList();
        Map<String, Object> reply = new LinkedHashMap<>();
        Map<String, Object> lr = new LinkedHashMap<>();
        lr.put("at", clock.instant().toString());
        if (r.hasErrors() || r.config().isEmpty()) {
            reloadFailed.increment();
            r.diagnostics().forEach(d -> {
                if (d.severity() == dev.fulcrum.conf.Severity.ERROR) {
                    log.error("reload refused: {}", d);
                } else {
                    log.warn("reload refused: {}", d);
                }
            });
            lr.put("result", "failed");
            lr.put("diagnostics", diags);
            lastReload = lr;
            reply.put("ok", false);
            reply.put("error", r.errors().size() + " error(s) in the new configuration; generation " + generation + " keeps running");
            reply.put("generation", generation);
            reply.put("diagnostics", diags);
            return reply;
        }
        diags.forEach(d -> log.warn("reload: {}", d));
        KeepalivedConfig next = r.config().get();
        KeepalivedConfig before = config;
        config = next;
        index = ServiceIndex.of(next, index);
        generation++;
        generationGauge.set(generation);
        // health for real servers that are gone is forgotten; kept ones keep their state
        Map<String, VirtualServer> byName = index.byName();
        for (String vsName : new ArrayList<>(health.keySet())) {
            VirtualServer vs = byName.get(vsName);
            if (vs == null) {
                health.remove(vsName);
                lastCheck.remove(vsName);
                quorum.remove(vsName);
                // its quorum counters leave with it, as its real servers' series do
                registry.find("fulcrum.quorum.transitions").tag("virtual_server", vsName).counters().forEach(registry::remove);
            } else {
                java.util.Set<Endpoint> eps = new java.util.HashSet<>();
                vs.realServers().forEach(rs -> eps.add(rs.endpoint()));
                Map<Endpoint, RealServerState> was = health.get(vsName);
                if (!eps.containsAll(was.keySet())) {
                    Map<Endpoint, RealServerState> m = new HashMap<>(was);
                    m.keySet().retainAll(eps);
                    health.put(vsName, Map.copyOf(m));
                }
            }
        }
        long tState = System.nanoTime();
        long tPublished = tState;
        long tChecks = tState;
        long tVrrp = tState;
        try {
            ipvs.ifPresent(k -> k.options(DesiredTableFromConfig.options(next, baseOptions)));
            applyTimeouts();
            rebuild("reload");
            tPublished = System.nanoTime();
            checks.reconfigure(next);
            applyHaSuspend();
            tChecks = System.nanoTime();
            vrrp.reconfigure(next);
            tVrrp = System.nanoTime();
            applySyncRoles();
        } catch (Exception e) {
            log.error("reload: applying generation {} failed part-way: {}", generation, e.toString(), e);
            reply.put("warning", "applying failed part-way: " + e);
        }
        reloadOk.increment();
        lr.put("result", "ok");
        lr.put("diagnostics", diags);
        lastReload = lr;
        String summary = "(" + before.virtualServers().size() + " -> " + next.virtualServers().size() + " virtual servers, "
                + before.vrrpInstances().size() + " -> " + next.vrrpInstances().size() + " VRRP instances)";
        long tEnd = System.nanoTime();
        // one line per reload with where the time went: the kernel side follows on the ipvs-kick thread
        log.info("reloaded: generation {} {} in {} ms (parse+validate {} ms, queue+state {} ms, desired table {} ms [build {}, {} of {} services "
                        + "unchanged, gauges {}], checkers {} ms, vrrp {} ms, sync daemon {} ms)", generation, summary, ms(tEnd - t0), ms(tParsed - t0),
                ms(tState - tParsed), ms(tPublished - tState), ms(lastBuildNanos), tables.reusedLastBuild(), index.services().size(), ms(lastGaugeNanos), ms(tChecks - tPublished), ms(tVrrp - tChecks), ms(tEnd - tVrrp));
        reply.put("ok", true);
        reply.put("generation", generation);
        reply.put("summary", summary);
        reply.put("diagnostics", diags);
        return reply;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The status document served by the control socket. */
    public Map<String, Object> status() {
        List<Map<String, Object>> vrrpStatus = vrrp.status();
        Map<String, Map<String, List<Map<String, Object>>>> checkers = checks.checkerStatus();
        return call(() -> statusOnLoop(vrrpStatus, checkers));
    }

    private Map<String, Object> statusOnLoop(List<Map<String, Object>> vrrpStatus, Map<String, Map<String, List<Map<String, Object>>>> checkers) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("ok", true);
        st.put("routerId", config.globalDefs().routerId().orElse(""));
        st.put("generation", generation);
        st.put("lastReload", lastReload);
        List<Map<String, Object>> vr = new ArrayList<>();
        for (Map<String, Object> v : vrrpStatus) {
            Map<String, Object> m = new LinkedHashMap<>(v);
            Object t = lastTransitions.get(String.valueOf(v.get("name")));
            if (t != null) {
                m.put("lastTransition", t);
            }
            vr.add(m);
        }
        st.put("vrrp", vr);
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceIndex.Named n : index.services()) {
            String name = n.name();
            VirtualServer vs = n.server();
            ServiceVerdict v = verdicts.get(name);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", name);
            s.put("scheduler", vs.scheduler());
            s.put("quorumUp", v == null || v.quorumUp());
            s.put("weightSum", v == null ? 0 : v.weightSum());
            s.put("sorryServerActive", v != null && v.sorryActive());
            s.put("checksSuspended", suspendedServices.contains(name));
            List<Map<String, Object>> rss = new ArrayList<>();
            for (RealServer rs : vs.realServers()) {
                RealServerState hs = health.getOrDefault(name, Map.of()).get(rs.endpoint());
                boolean up = hs == null ? !rs.alpha() : hs.alive();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("address", rs.endpoint().toString());
                r.put("up", up);
                r.put("weight", Math.max(0, rs.weight() + (hs == null ? 0 : hs.dynamicWeight())));
                Map<String, Object> lc = lastCheck.getOrDefault(name, Map.of()).get(rs.endpoint());
                if (lc != null) {
                    r.putAll(lc);
                } else {
                    r.put("lastResult", "none yet");
                }
                List<Map<String, Object>> cs = checkers.getOrDefault(name, Map.of()).get(rs.endpoint().toString());
                if (cs != null) {
                    r.put("checkers", cs);
                }
                rss.add(r);
            }
            s.put("realServers", rss);
            services.add(s);
        }
        st.put("services", services);
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("role", syncRole);
        config.globalDefs().lvsSyncDaemon().ifPresent(d -> {
            sd.put("interface", d.interfaceName());
            sd.put("syncId", d.syncId());
            d.instance().ifPresent(i -> sd.put("instance", i));
        });
        st.put("syncDaemon", sd);
        return st;
    }

    /**
     * SIGTERM: VRRP first (priority 0, VIPs removed) so the peer takes over at once, then the sync
     * daemons, then the owned IPVS entries, then the checkers.
     */
    public void stop(Duration vrrpTimeout) {
        long t0 = System.nanoTime();
        try {
            call(() -> {
                stopping = true;
                return null;
            });
        } catch (RuntimeException ignored) {
            // the loop is gone already
        }
        try {
            vrrp.stop(vrrpTimeout);
        } catch (RuntimeException e) {
            log.error("stop: VRRP: {}", e.toString());
        }
        ipvs.ifPresent(k -> {
            try {
                if (config.globalDefs().lvsSyncDaemon().isPresent()) {
                    k.apply(SyncDaemonRoles.plan(Optional.empty(), false, k.runningDaemons()));
                }
                if (kernelTimeoutsAtStart != null && config.globalDefs().lvsTimeouts().isSet()) {
                    k.timeouts(kernelTimeoutsAtStart);
                }
                k.clearOwned(config.globalDefs().lvsFlushOnStop());
            } catch (RuntimeException e) {
                log.error("stop: IPVS: {}", e.toString());
            }
        });
        if (config.virtualServers().stream().anyMatch(VirtualServer::omega)) {
            for (VirtualServer vs : config.virtualServers()) {
                if (vs.omega()) {
                    vs.quorumDown().ifPresent(s -> scripts.run(s, List.of()));
                    vs.realServers().forEach(rs -> rs.notifyDown().ifPresent(s -> scripts.run(s, List.of())));
                }
            }
        }
        checks.close();
        loop.shutdown();
        log.info("director stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
        stopped.countDown();
    }

    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStoppedFor(long time, TimeUnit unit) throws InterruptedException {
        return stopped.await(time, unit);
    }

    public long generation() {
        return call(() -> generation);
    }

    private <T> T call(java.util.concurrent.Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    f.complete(c.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("director loop did not answer within 30 s");
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("director is stopped");
        }
    }

    /** The instant used in status; exposed for tests. */
    Instant now() {
        return clock.instant();
    }

    @Override
    public void close() {
        if (stopped.getCount() > 0) {
            stop(Duration.ofSeconds(2));
        }
    }
}

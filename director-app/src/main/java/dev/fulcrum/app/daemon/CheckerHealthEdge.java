package dev.fulcrum.app.daemon;

import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.healthcheck.check.NettyCheckers;
import dev.fulcrum.healthcheck.conf.CheckPlanFromConfig;
import dev.fulcrum.healthcheck.engine.CheckScheduler;
import dev.fulcrum.healthcheck.engine.EventLoopTaskTimer;
import dev.fulcrum.healthcheck.engine.HealthEvent;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director's health edge: the Netty checkers on one event loop, their transitions turned into
 * {@link DirectorEvent.ServerHealth} events. The engine knows nothing of IPVS; this adapter is the only
 * place where its events meet the director's vocabulary.
 */
public final class CheckerHealthEdge implements HealthEdge {
    private static final Logger log = LoggerFactory.getLogger(CheckerHealthEdge.class);
    private volatile NettyCheckers checkers;
    /** ha_suspend as asked, kept so that a suspension asked before {@link #start} applies from the first check. */
    private final java.util.Set<String> suspended = ConcurrentHashMap.newKeySet();
    private final MeterRegistry registry;
    private final Consumer<DirectorEvent> sink;
    private final int httpChecksPerConnection;
    private final java.time.Duration timerSlack;
    private final Map<String, Boolean> alive = new ConcurrentHashMap<>();
    private volatile CheckScheduler scheduler;
    /**
     * Each virtual server's part of the last plan, by identity: a reload hands back the same object for an
     * unchanged block, whose specs then need not be made again (20,000 servers at 5,000 services).
     * Valid while global_defs, the track_file definitions and the SSL block (the rest of what a part depends
     * on) are equal.
     */
    private Map<VirtualServer, PlanPart> planParts = new java.util.IdentityHashMap<>();
    private Object planContext;

    /** One virtual server's real servers in the plan, and what of it the engine does not evaluate. */
    private record PlanPart(List<RealServerSpec> servers, List<String> unsupported) {
    }

    /** A whole plan with the configured features it leaves out (logged on every start and reload). */
    private record Planned(CheckPlan plan, List<String> unsupported) {
    }

    public CheckerHealthEdge(MeterRegistry registry, Consumer<DirectorEvent> sink) {
        this(registry, sink, 1, EventLoopTaskTimer.DEFAULT_SLACK);
    }

    /**
     * @param httpChecksPerConnection checks one HTTP_GET / SSL_GET connection carries (1: a new one per check, 0: no limit)
     * @param timerSlack the grid checks start on, so that checks due close together share a wake-up (0: on time)
     */
    public CheckerHealthEdge(MeterRegistry registry, Consumer<DirectorEvent> sink, int httpChecksPerConnection,
                             java.time.Duration timerSlack) {
        this.registry = registry;
        this.sink = sink;
        this.httpChecksPerConnection = httpChecksPerConnection;
        this.timerSlack = timerSlack;
    }

    @Override
    public void start(KeepalivedConfig config) {
        // the Netty event loop is created here, not in the constructor: it is off the path to the first VRRP advert
        if (checkers == null) {
            checkers = new NettyCheckers(1, httpChecksPerConnection);
            checkers.bindTo(registry);
            log.info("health checks: an HTTP connection carries {}, timer slack {} ms",
                    httpChecksPerConnection == 0 ? "any number of checks" : httpChecksPerConnection == 1 ? "one check (keepalived's way)"
                            : httpChecksPerConnection + " checks", timerSlack.toMillis());
        }
        NettyCheckers n = checkers;
        Planned p = plan(config);
        CheckScheduler s = new CheckScheduler(p.plan(), n, new EventLoopTaskTimer(n.group().next(), timerSlack),
                this::onEvent, registry, RandomGenerator.getDefault());
        p.unsupported().forEach(w -> log.warn("health check: {}", w));
        synchronized (suspended) {
            suspended.forEach(vs -> s.suspend(vs, true));
            scheduler = s;
        }
        s.start();
    }

    /** {@link CheckPlanFromConfig#plan}, reusing the parts of virtual servers that are the same objects as last time. */
    private synchronized Planned plan(KeepalivedConfig config) {
        // the SSL block is part of every SSL_GET spec: a change of it alone must still reach the checkers
        Object context = List.of(config.globalDefs(), config.trackFiles(), config.ssl());
        Map<VirtualServer, PlanPart> was = context.equals(planContext) ? planParts : Map.of();
        Map<VirtualServer, PlanPart> next = new java.util.IdentityHashMap<>(config.virtualServers().size() * 2);
        List<RealServerSpec> all = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (VirtualServer vs : config.virtualServers()) {
            PlanPart part = was.get(vs);
            if (part == null) {
                part = new PlanPart(CheckPlanFromConfig.servers(config, vs), CheckPlanFromConfig.unsupported(vs));
            }
            next.put(vs, part);
            all.addAll(part.servers());
            unsupported.addAll(part.unsupported());
        }
        planParts = next;
        planContext = context;
        return new Planned(new CheckPlan(all), unsupported);
    }

    private void onEvent(HealthEvent e) {
        RealServerSpec rs = e.server();
        Endpoint ep = new Endpoint(rs.address().getAddress(), rs.address().getPort());
        String key = rs.virtualServer() + " " + ep;
        if (e instanceof HealthEvent.ServerChanged c) {
            alive.put(key, c.alive());
            sink.accept(new DirectorEvent.ServerHealth(rs.virtualServer(), ep, c.alive(), c.weight(), c.checker(), c.reason(), c.latency()));
        } else if (e instanceof HealthEvent.WeightChanged w) {
            boolean up = alive.getOrDefault(key, true);
            sink.accept(new DirectorEvent.ServerHealth(rs.virtualServer(), ep, up, w.to(), w.checker(), "weight " + w.from() + " -> " + w.to(),
                    Duration.ZERO));
        }
    }

    @Override
    public void reconfigure(KeepalivedConfig config) {
        CheckScheduler s = scheduler;
        if (s == null) {
            start(config);
            return;
        }
        // unchanged checkers keep their state: a reload neither flaps nor re-adds a failed server
        Planned p = plan(config);
        s.reconfigure(p.plan());
        p.unsupported().forEach(w -> log.warn("health check: {}", w));
    }

    @Override
    public void suspend(String virtualServer, boolean on) {
        synchronized (suspended) {
            if (on) {
                suspended.add(virtualServer);
            } else {
                suspended.remove(virtualServer);
            }
            CheckScheduler s = scheduler;
            if (s != null) {
                s.suspend(virtualServer, on);
            }
        }
    }

    @Override
    public Map<String, Map<String, List<Map<String, Object>>>> checkerStatus() {
        CheckScheduler s = scheduler;
        Map<String, Map<String, List<Map<String, Object>>>> out = new HashMap<>();
        if (s == null) {
            return out;
        }
        for (CheckScheduler.ServerStatus st : s.snapshot()) {
            List<Map<String, Object>> cs = new ArrayList<>();
            for (CheckScheduler.CheckerStatus c : st.checkers()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("checker", c.checker());
                m.put("up", c.up());
                m.put("hasRun", c.hasRun());
                m.put("lastResult", c.lastResult());
                m.put("latencyMs", c.lastLatency() == null ? null : c.lastLatency().toMillis());
                cs.add(m);
            }
            Endpoint ep = new Endpoint(st.server().address().getAddress(), st.server().address().getPort());
            out.computeIfAbsent(st.server().virtualServer(), k -> new HashMap<>()).put(ep.toString(), cs);
        }
        return out;
    }

    @Override
    public void close() {
        CheckScheduler s = scheduler;
        if (s != null) {
            s.close();
        }
        NettyCheckers n = checkers;
        if (n != null) {
            n.close();
        }
    }
}

package dev.fulcrum.app.daemon;

import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.VrrpInstance;
import dev.fulcrum.vrrp.run.InstanceStatus;
import dev.fulcrum.vrrp.run.VrrpService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The director's VRRP edge: runs the instances of a configuration and reports their state changes to
 * the director (which drives the sync daemon and the status document from them).
 */
public final class VrrpServiceEdge implements VrrpEdge {
    private final MeterRegistry registry;
    private final Consumer<DirectorEvent> sink;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vrrp-watch");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> lastState = new HashMap<>();
    private volatile VrrpService service;
    private volatile KeepalivedConfig config;

    public VrrpServiceEdge(MeterRegistry registry, Consumer<DirectorEvent> sink) {
        this.registry = registry;
        this.sink = sink;
    }

    @Override
    public void start(KeepalivedConfig c) throws IOException {
        config = c;
        if (c.vrrpInstances().isEmpty()) {
            return;
        }
        VrrpService s = VrrpService.fromConf(c, registry);
        s.start();
        service = s;
        watcher.scheduleWithFixedDelay(this::watch, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Turns state changes seen in the instances' snapshots into director events. */
    private void watch() {
        VrrpService s = service;
        if (s == null) {
            return;
        }
        for (InstanceStatus st : s.status()) {
            String now = st.state().name();
            String before = lastState.put(st.name(), now);
            if (!now.equals(before)) {
                sink.accept(new DirectorEvent.VrrpTransition(st.name(), before == null ? "INIT" : before, now, "state change", Instant.now()));
            }
        }
    }

    @Override
    public void reconfigure(KeepalivedConfig c) throws IOException {
        // instances keep running unchanged when their configuration is the same; otherwise restart the VRRP side
        if (c.vrrpInstances().equals(config.vrrpInstances()) && c.syncGroups().equals(config.syncGroups())
                && c.vrrpScripts().equals(config.vrrpScripts()) && c.trackFiles().equals(config.trackFiles())) {
            config = c;
            return;
        }
        VrrpService old = service;
        service = null;
        if (old != null) {
            old.stop(Duration.ofSeconds(2));
        }
        lastState.clear();
        start(c);
    }

    @Override
    public List<Map<String, Object>> status() {
        VrrpService s = service;
        List<Map<String, Object>> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (InstanceStatus st : s.status()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", st.name());
            m.put("state", st.state().name());
            m.put("basePriority", config.instance(st.name()).map(VrrpInstance::priority).orElse(st.priority()));
            m.put("effectivePriority", st.priority());
            m.put("masterAddress", st.master() == null ? null : st.master().getHostAddress());
            out.add(m);
        }
        return out;
    }

    @Override
    public void stop(Duration timeout) {
        watcher.shutdownNow();
        VrrpService s = service;
        if (s != null) {
            s.stop(timeout);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }
}

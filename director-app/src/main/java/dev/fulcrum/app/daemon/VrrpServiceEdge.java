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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The director's VRRP edge: runs the instances of a configuration and reports their state changes to
 * the director (which drives the sync daemon and the status document from them).
 */
public final class VrrpServiceEdge implements VrrpEdge {
    private final MeterRegistry registry;
    private final Consumer<DirectorEvent> sink;
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
        // posted as is: the director's thread does the rest
        s.onTransition((instance, from, to, reason) ->
                sink.accept(new DirectorEvent.VrrpTransition(instance, from.name(), to.name(), reason, Instant.now())));
        s.start();
        service = s;
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

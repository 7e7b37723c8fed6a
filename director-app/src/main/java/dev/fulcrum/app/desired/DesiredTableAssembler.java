package dev.fulcrum.app.desired;

import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.ipvs.conf.DesiredTableFromConfig;
import dev.fulcrum.ipvs.conf.RealServerState;
import dev.fulcrum.ipvs.conf.ServicePolicy;
import dev.fulcrum.ipvs.conf.ServiceVerdict;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.reconcile.DesiredService;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the desired IPVS table: configuration ⊕ real-server health ⊕ quorum. Pure: the director calls it
 * on its own thread with the health it has collected and the quorum states of the last build, and gets
 * the next table plus the per-service verdicts (for status, metrics and quorum scripts).
 */
public final class DesiredTableAssembler {
    private DesiredTableAssembler() {
    }

    /** The outcome of one build. {@code verdicts} is keyed by the virtual server's display name. */
    public record Build(DesiredTable table, Map<String, ServiceVerdict> verdicts) {
    }

    /**
     * @param health real-server states per virtual server (display name), then per endpoint
     * @param quorum the quorum state per virtual server from the previous build (absent on the first)
     */
    public static Build build(KeepalivedConfig config, Map<String, Map<Endpoint, RealServerState>> health, Map<String, Boolean> quorum) {
        return build(config, ServiceIndex.of(config), health, quorum);
    }

    /** The same, with the names of {@code config}'s virtual servers made once by the caller. */
    public static Build build(KeepalivedConfig config, ServiceIndex index, Map<String, Map<Endpoint, RealServerState>> health,
                              Map<String, Boolean> quorum) {
        Map<ServiceKey, DesiredService> services = new LinkedHashMap<>(index.services().size() * 2);
        Map<String, ServiceVerdict> verdicts = new LinkedHashMap<>(index.services().size() * 2);
        for (ServiceIndex.Named n : index.services()) {
            String name = n.name();
            VirtualServer vs = n.server();
            ServiceVerdict v = ServicePolicy.evaluate(vs, health.getOrDefault(name, Map.of()), Optional.ofNullable(quorum.get(name)));
            verdicts.put(name, v);
            for (ServiceKey key : DesiredTableFromConfig.keys(config, vs)) {
                if (services.putIfAbsent(key, DesiredTableFromConfig.service(key, vs, v)) != null) {
                    throw new IllegalArgumentException("virtual server " + key.describe() + " is configured twice");
                }
            }
        }
        return new Build(new DesiredTable(services), verdicts);
    }
}

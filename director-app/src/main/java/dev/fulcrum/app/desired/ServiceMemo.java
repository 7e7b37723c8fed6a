package dev.fulcrum.app.desired;

import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.ipvs.conf.DesiredTableFromConfig;
import dev.fulcrum.ipvs.conf.RealServerState;
import dev.fulcrum.ipvs.conf.ServicePolicy;
import dev.fulcrum.ipvs.conf.ServiceVerdict;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.reconcile.DesiredService;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired table built incrementally: each service's verdict and kernel services are kept with the
 * exact inputs they came from (the configuration object, the health map, the previous quorum state), and a
 * build evaluates again only the services whose inputs are not the same objects. A health event changes
 * one service and a reload of 5,000 services a few; without this every one of them re-evaluated all.
 * Sound because the inputs are immutable values: the director replaces a service's health map when a
 * state changes instead of editing it, and a configuration load hands back the same object for a block
 * that did not change. Services addressed by a virtual_server_group are always evaluated (their keys
 * come from another block). Confined to the director thread.
 */
public final class ServiceMemo {
    private record Part(VirtualServer server, Map<Endpoint, RealServerState> health, Boolean quorumBefore, ServiceVerdict verdict,
                        List<ServiceKey> keys, List<DesiredService> services) {
    }

    private Map<String, Part> parts = new HashMap<>();
    private int reused;

    /** Services whose last build took the remembered evaluation (for the reload's phase line and tests). */
    public int reusedLastBuild() {
        return reused;
    }

    /**
     * Same contract as {@link DesiredTableAssembler#build(KeepalivedConfig, ServiceIndex, Map, Map)}.
     *
     * @param health per service, immutable maps that are replaced, never changed, when a state changes
     */
    public DesiredTableAssembler.Build build(KeepalivedConfig config, ServiceIndex index, Map<String, Map<Endpoint, RealServerState>> health,
                                             Map<String, Boolean> quorum) {
        Map<ServiceKey, DesiredService> services = new LinkedHashMap<>(index.services().size() * 2);
        Map<String, ServiceVerdict> verdicts = new LinkedHashMap<>(index.services().size() * 2);
        Map<String, Part> next = new HashMap<>(index.services().size() * 2);
        int hits = 0;
        for (ServiceIndex.Named n : index.services()) {
            String name = n.name();
            VirtualServer vs = n.server();
            Map<Endpoint, RealServerState> h = health.getOrDefault(name, Map.of());
            Boolean q = quorum.get(name);
            Part p = parts.get(name);
            if (p != null && p.server() == vs && p.health() == h && !(vs.address() instanceof ServiceAddress.Group)
                    && (Objects.equals(p.quorumBefore(), q) || Objects.equals(p.verdict().quorumUp(), q))) {
                hits++;
                // Evaluating the same servers again from the quorum state this verdict reached gives the same
                // verdict without its transition (ServicePolicy: the sum that reached a state keeps it), so
                // the build after a transition, or after the first one, reuses it too.
                if (!Objects.equals(p.quorumBefore(), q) || p.verdict().transition().isPresent()) {
                    p = new Part(vs, h, q, withoutTransition(p.verdict()), p.keys(), p.services());
                }
            } else {
                ServiceVerdict v = ServicePolicy.evaluate(vs, h, Optional.ofNullable(q));
                List<ServiceKey> keys = DesiredTableFromConfig.keys(config, vs);
                List<DesiredService> ds = new ArrayList<>(keys.size());
                for (ServiceKey key : keys) {
                    ds.add(DesiredTableFromConfig.service(key, vs, v));
                }
                p = new Part(vs, h, q, v, keys, ds);
            }
            verdicts.put(name, p.verdict());
            for (int i = 0; i < p.keys().size(); i++) {
                if (services.putIfAbsent(p.keys().get(i), p.services().get(i)) != null) {
                    throw new IllegalArgumentException("virtual server " + p.keys().get(i).describe() + " is configured twice");
                }
            }
            next.putIfAbsent(name, p);
        }
        parts = next;
        reused = hits;
        return new DesiredTableAssembler.Build(new DesiredTable(services), verdicts);
    }

    private static ServiceVerdict withoutTransition(ServiceVerdict v) {
        return v.transition().isEmpty() ? v
                : new ServiceVerdict(v.quorumUp(), v.weightSum(), v.sorryActive(), v.destinations(), Optional.empty());
    }
}

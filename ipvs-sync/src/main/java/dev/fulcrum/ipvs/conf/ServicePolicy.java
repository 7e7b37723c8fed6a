package dev.fulcrum.ipvs.conf;

import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.SorryServer;
import dev.fulcrum.conf.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * keepalived's per-service rules, as a pure function: real-server health and dynamic weights plus the
 * previous quorum state give the destinations the kernel should hold. Kept apart from the reconciler so
 * that quorum, hysteresis, the sorry server and inhibit can be tested exhaustively without a kernel.
 *
 * <ul>
 *   <li>effective weight = configured weight + dynamic weight, never below 0;</li>
 *   <li>weight sum = Σ effective weights of alive real servers;</li>
 *   <li>quorum is gained when {@code sum >= quorum + hysteresis}, lost when {@code sum == 0 || sum < quorum - hysteresis};
 *       the first evaluation starts from {@code sum >= quorum};</li>
 *   <li>with a sorry server and quorum lost, the real servers leave the table and the sorry server
 *       serves (inhibited real servers stay at weight 0); with quorum, the sorry server leaves, or stays
 *       at weight 0 with {@code sorry_server_inhibit};</li>
 *   <li>without a sorry server quorum only drives notifications.</li>
 * </ul>
 */
public final class ServicePolicy {
    private ServicePolicy() {
    }

    /**
     * @param previousQuorumUp the quorum state of the last evaluation, empty on the first one
     * @param states health per real server endpoint; a real server without an entry is taken as down
     *               when it has {@code alpha}, else up (keepalived's start-up rule)
     */
    public static ServiceVerdict evaluate(VirtualServer vs, Map<Endpoint, RealServerState> states, Optional<Boolean> previousQuorumUp) {
        long sum = 0;
        List<DestinationVerdict> rs = new ArrayList<>();
        for (RealServer r : vs.realServers()) {
            RealServerState st = states.getOrDefault(r.endpoint(), r.alpha() ? RealServerState.DOWN : RealServerState.UP);
            int weight = Math.max(0, r.weight() + st.dynamicWeight());
            if (st.alive()) {
                sum += weight;
            }
            rs.add(new DestinationVerdict(r.endpoint(), r.forwarding(), weight, r.upperThreshold().orElse(0), r.lowerThreshold().orElse(0),
                    st.alive(), r.inhibitOnFailure(), false));
        }
        int quorum = vs.effectiveQuorum(); // a quorum above the total weight is lowered to it, as keepalived does
        int hyst = vs.hysteresis();
        boolean up;
        Optional<QuorumTransition> transition = Optional.empty();
        if (previousQuorumUp.isEmpty()) {
            up = sum >= quorum && sum > 0;
        } else if (!previousQuorumUp.get() && sum >= (long) quorum + hyst && sum > 0) {
            up = true;
            transition = Optional.of(new QuorumTransition(vs.displayName(), true, sum, quorum, hyst));
        } else if (previousQuorumUp.get() && (sum == 0 || sum < (long) quorum - hyst)) {
            up = false;
            transition = Optional.of(new QuorumTransition(vs.displayName(), false, sum, quorum, hyst));
        } else {
            up = previousQuorumUp.get();
        }
        Optional<SorryServer> sorry = vs.sorryServer();
        boolean sorryActive = sorry.isPresent() && !up;
        List<DestinationVerdict> out = new ArrayList<>();
        for (DestinationVerdict d : rs) {
            if (!sorryActive) {
                out.add(d);
            } else if (d.inhibit()) {
                // quorum lost: the real servers leave; the inhibited ones stay at weight 0
                out.add(new DestinationVerdict(d.endpoint(), d.forwarding(), d.weight(), d.upperThreshold(), d.lowerThreshold(), false, true, false));
            }
        }
        if (sorry.isPresent()) {
            SorryServer s = sorry.get();
            boolean clashes = vs.realServers().stream().anyMatch(r -> r.endpoint().equals(s.endpoint()));
            if (!clashes && (sorryActive || s.inhibit())) {
                // with sorry_server_inhibit and quorum held it stays in the table at weight 0
                out.add(new DestinationVerdict(s.endpoint(), s.forwarding(), sorryActive ? 1 : 0, 0, 0, true, false, true));
            }
        }
        return new ServiceVerdict(up, sum, sorryActive, List.copyOf(out), transition);
    }
}

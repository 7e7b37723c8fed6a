package dev.fulcrum.ipvs.conf;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link ServicePolicy} for one virtual server: its quorum, whether the sorry server
 * serves, the destinations as they should stand, and the quorum transition this evaluation made.
 */
public record ServiceVerdict(boolean quorumUp, long weightSum, boolean sorryActive, List<DestinationVerdict> destinations,
                             Optional<QuorumTransition> transition) {
}

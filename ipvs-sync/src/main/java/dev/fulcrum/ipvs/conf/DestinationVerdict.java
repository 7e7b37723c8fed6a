package dev.fulcrum.ipvs.conf;

import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.Forwarding;

/**
 * Where one destination of a service should stand in the kernel. {@code healthy=false} hands it to the
 * reconciler's drain (or keeps it at weight 0 when {@code inhibit}); the sorry server is a destination
 * like any other.
 */
public record DestinationVerdict(Endpoint endpoint, Forwarding forwarding, int weight, int upperThreshold, int lowerThreshold,
                                 boolean healthy, boolean inhibit, boolean sorryServer) {
}

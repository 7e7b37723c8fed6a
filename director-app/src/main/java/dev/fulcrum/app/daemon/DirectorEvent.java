package dev.fulcrum.app.daemon;

import dev.fulcrum.conf.model.Endpoint;
import java.time.Duration;
import java.time.Instant;

/**
 * What the edges tell the director. Every event is handled on the director's own thread, in order, so
 * the director's state is never shared.
 */
public sealed interface DirectorEvent {
    /** A real server became alive or dead, or its effective weight changed. */
    record ServerHealth(String virtualServer, Endpoint server, boolean alive, int weight, String checker, String reason,
                        Duration latency) implements DirectorEvent {
    }

    /** A VRRP instance changed state. */
    record VrrpTransition(String instance, String from, String to, String reason, Instant at) implements DirectorEvent {
    }
}

package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.spec.RealServerSpec;
import java.time.Duration;

/**
 * What the engine tells the rest of the director. Only transitions are published, never steady-state
 * results, so a listener that programs IPVS touches the kernel exactly when keepalived would.
 */
public sealed interface HealthEvent {
    RealServerSpec server();

    /** One checker went up or down. {@code reason} is the deciding attempt's failure reason, or "ok". */
    record CheckerChanged(RealServerSpec server, String checker, boolean up, String reason, Duration latency,
                          int attempts) implements HealthEvent {
    }

    /**
     * The server became alive (last failed checker recovered) or dead (first checker failed). Carries the
     * checker that caused it.
     */
    record ServerChanged(RealServerSpec server, boolean alive, int weight, String checker, String reason,
                         Duration latency) implements HealthEvent {
    }

    /** A dynamic checker changed the server's effective weight. */
    record WeightChanged(RealServerSpec server, int from, int to, String checker) implements HealthEvent {
    }
}

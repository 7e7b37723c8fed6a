package dev.fulcrum.healthcheck.engine;

/**
 * Receives the engine's transitions on the engine's thread, in order. Keeps the engine independent of
 * whoever acts on them (the IPVS reconciler, notify scripts, the status API); implementations must not
 * block.
 */
@FunctionalInterface
public interface HealthListener {
    void onEvent(HealthEvent event);
}

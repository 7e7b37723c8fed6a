package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.spec.CheckerSpec;

/**
 * Turns a checker spec into something that can run. The engine depends on this seam rather than on
 * Netty so that the up/down rules are tested with fakes on simulated time.
 */
@FunctionalInterface
public interface CheckerFactory {
    Checker create(CheckerSpec spec);
}

package dev.fulcrum.ipvs.model;

/**
 * Counters (since creation or the last zero) and estimator rates of a service or destination, from
 * the kernel's 64-bit STATS64 nest. Rates lag up to 2 s behind traffic (estimator timer).
 */
public record Stats(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
                    long connectionsPerSecond, long inPacketsPerSecond, long outPacketsPerSecond,
                    long inBytesPerSecond, long outBytesPerSecond) {
    public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

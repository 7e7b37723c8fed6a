package dev.fulcrum.ipvs.model;

/**
 * Client affinity: connections from one client (masked by {@code prefixLength}) stick to the same real
 * server for {@code timeoutSeconds} after the last one. Absent persistence is expressed by not having
 * this record, so "timeout 0" never means two things.
 */
public record Persistence(int timeoutSeconds, int prefixLength) {
    public Persistence {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("persistence timeout must be positive: " + timeoutSeconds);
        }
        if (prefixLength < 1 || prefixLength > 128) {
            throw new IllegalArgumentException("persistence prefix out of range: " + prefixLength);
        }
    }
}

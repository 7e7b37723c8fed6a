package dev.fulcrum.ipvs.model;

/** A destination as read back from the kernel, with its connection counts and statistics. */
public record DestinationEntry(Destination destination, int activeConnections, int inactiveConnections,
                               int persistentConnections, Stats stats) {
    public DestinationId id() {
        return destination.id();
    }

    /** Connections that a drain must wait for (active + inactive). */
    public long liveConnections() {
        return Integer.toUnsignedLong(activeConnections) + Integer.toUnsignedLong(inactiveConnections);
    }
}

package dev.fulcrum.vrrp.machine;

/**
 * The combined opinion of an instance's trackers: how much to move the priority, and whether the
 * instance must not serve at all (FAULT).
 */
public record TrackVerdict(int weight, boolean fault, String faultReason) {
    public static final TrackVerdict HEALTHY = new TrackVerdict(0, false, "");
}

package dev.fulcrum.vrrp.spec;

/**
 * A reference from an instance or sync group to a tracker, with the weight override it may carry.
 *
 * @param name    tracker name (script name, interface name, track_file name)
 * @param weight  weight override, or null to use the tracker's own
 * @param reverse flip the weight direction
 */
public record TrackRef(String name, Integer weight, boolean reverse) {
    public static TrackRef unweighted(String name) {
        return new TrackRef(name, null, false);
    }
}

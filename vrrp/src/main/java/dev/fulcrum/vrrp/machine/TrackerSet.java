package dev.fulcrum.vrrp.machine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds the current readings of an instance's (or group's) trackers into one {@link TrackVerdict}, with
 * keepalived's weight rules (keepalived-config.md §4): a positive weight is added while OK, a negative one
 * applies while failed, {@code reverse} flips both, weight 0 means "failed = FAULT"; a track_file adds
 * value × weight and faults below −253 (or on any non-zero value with weight 0).
 */
public final class TrackerSet {
    /** How one tracker is referenced: its weight and direction. */
    public record Ref(String name, int weight, boolean reverse, boolean valued) {
    }

    private final Map<String, Ref> refs = new LinkedHashMap<>();
    private final Map<String, Long> readings = new LinkedHashMap<>();

    /** Adds a boolean tracker (script, interface); it starts failed until reported (or OK if initiallyUp). */
    public TrackerSet add(String name, int weight, boolean reverse, boolean initiallyUp) {
        refs.put(name, new Ref(name, weight, reverse, false));
        readings.put(name, initiallyUp ? 1L : 0L);
        return this;
    }

    /** Adds a valued tracker (track_file); starts at 0. */
    public TrackerSet addValued(String name, int weight, boolean reverse) {
        refs.put(name, new Ref(name, weight, reverse, true));
        readings.put(name, 0L);
        return this;
    }

    public boolean isEmpty() {
        return refs.isEmpty();
    }

    public boolean has(String name) {
        return refs.containsKey(name);
    }

    /** @return true if the reading changed */
    public boolean update(String name, boolean up) {
        return updateValue(name, up ? 1 : 0);
    }

    public boolean updateValue(String name, long value) {
        if (!refs.containsKey(name)) {
            return false;
        }
        Long old = readings.put(name, value);
        return old == null || old != value;
    }

    public TrackVerdict verdict() {
        long weight = 0;
        for (Ref r : refs.values()) {
            long v = readings.get(r.name());
            if (r.valued()) {
                long w = r.reverse() ? -r.weight() : r.weight();
                if (r.weight() == 0) {
                    if (v != 0) {
                        return new TrackVerdict(0, true, "track_file " + r.name() + " = " + v);
                    }
                    continue;
                }
                long contribution = v * w;
                if (contribution < -253) {
                    return new TrackVerdict(0, true, "track_file " + r.name() + " = " + v);
                }
                weight += contribution;
                continue;
            }
            boolean up = v != 0;
            if (r.weight() == 0) {
                if (up == r.reverse()) {
                    return new TrackVerdict(0, true, r.name() + (r.reverse() ? " up (reverse)" : " failed"));
                }
                continue;
            }
            boolean ok = r.reverse() != up;
            int w = r.reverse() ? -r.weight() : r.weight();
            if (w > 0 && ok) {
                weight += w;
            } else if (w < 0 && !ok) {
                weight += w;
            }
        }
        return new TrackVerdict((int) Math.max(-254, Math.min(254, weight)), false, "");
    }
}

package dev.fulcrum.vrrp.machine;

/**
 * keepalived's gratuitous-ARP knobs. Defaults (5 back to back on takeover, 5 more after 5 s, no refresh)
 * are what 2.2.7 does out of the box; clients only move when this happens, so the numbers matter.
 *
 * @param masterDelayNanos   garp_master_delay; 0 = no second burst
 * @param masterRepeat       garp_master_repeat
 * @param refreshNanos       garp_master_refresh; 0 = off
 * @param refreshRepeat      garp_master_refresh_repeat
 * @param intervalNanos      garp_interval between GARPs of a burst; 0 = back to back
 * @param lowerPrioDelayNanos garp_lower_prio_delay
 * @param lowerPrioRepeat    garp_lower_prio_repeat
 */
public record GarpPolicy(long masterDelayNanos, int masterRepeat, long refreshNanos, int refreshRepeat,
                         long intervalNanos, long lowerPrioDelayNanos, int lowerPrioRepeat) {
    public static final GarpPolicy KEEPALIVED_DEFAULTS =
            new GarpPolicy(5_000_000_000L, 5, 0, 1, 0, 5_000_000_000L, 5);

    public GarpPolicy {
        if (masterRepeat < 0 || refreshRepeat < 0 || lowerPrioRepeat < 0 || masterDelayNanos < 0 || refreshNanos < 0
                || intervalNanos < 0 || lowerPrioDelayNanos < 0) {
            throw new IllegalArgumentException("negative GARP setting");
        }
    }
}

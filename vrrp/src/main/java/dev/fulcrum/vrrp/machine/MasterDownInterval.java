package dev.fulcrum.vrrp.machine;

import dev.fulcrum.vrrp.wire.VrrpVersion;

/**
 * Master_Down_Interval: silence after which a backup declares the master dead. keepalived generalises the
 * RFC's factor 3 as {@code down_timer_adverts}.
 */
public final class MasterDownInterval {
    private MasterDownInterval() {
    }

    public static long nanos(VrrpVersion version, int priority, int masterAdverIntervalCentis, int downTimerAdverts) {
        return downTimerAdverts * masterAdverIntervalCentis * 10_000_000L
                + SkewTime.nanos(version, priority, masterAdverIntervalCentis);
    }
}

package dev.fulcrum.vrrp.machine;

import dev.fulcrum.vrrp.wire.VrrpVersion;

/**
 * Skew_Time: how much longer a lower-priority backup waits, so that the best backup wins without a
 * second election. v2 is not scaled by the interval (RFC 3768), v3 is (RFC 5798).
 */
public final class SkewTime {
    private SkewTime() {
    }

    public static long nanos(VrrpVersion version, int priority, int masterAdverIntervalCentis) {
        long diff = 256 - priority;
        return version == VrrpVersion.V2
                ? diff * 1_000_000_000L / 256
                : diff * masterAdverIntervalCentis * 10_000_000L / 256;
    }
}

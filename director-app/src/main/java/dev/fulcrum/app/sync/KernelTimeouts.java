package dev.fulcrum.app.sync;

import dev.fulcrum.conf.model.LvsTimeouts;
import dev.fulcrum.ipvs.model.Timeouts;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code lvs_timeouts} against the kernel: configured values override, unset ones fall back to what the
 * kernel had when the director started, so removing the keyword (or one value) on reload restores the
 * kernel's own values instead of leaving the last configured ones behind.
 */
public final class KernelTimeouts {
    private KernelTimeouts() {
    }

    /** The timeouts the kernel should hold for this configuration. */
    public static Timeouts wanted(LvsTimeouts configured, Timeouts atStartup) {
        return new Timeouts(seconds(configured.tcp(), atStartup.tcp()), seconds(configured.tcpFin(), atStartup.tcpFin()),
                seconds(configured.udp(), atStartup.udp()));
    }

    private static int seconds(Optional<Duration> d, int fallback) {
        return d.map(x -> (int) Math.max(1, Math.min(Integer.MAX_VALUE, x.toSeconds()))).orElse(fallback);
    }
}

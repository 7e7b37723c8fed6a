package dev.fulcrum.conf.model;

import java.time.Duration;

/**
 * Gratuitous ARP / unsolicited NA timing. Held once in {@link GlobalDefs} (the {@code vrrp_garp_*}
 * defaults) and once per instance with the instance overrides already applied.
 */
public record GarpSettings(Duration masterDelay, int masterRepeat, Duration lowerPrioDelay, int lowerPrioRepeat,
                           Duration masterRefresh, int masterRefreshRepeat, Duration interval,
                           Duration gnaInterval, boolean minGarp) {
    /** keepalived's built-in values. */
    public static final GarpSettings DEFAULTS = new GarpSettings(Duration.ofSeconds(5), 5, Duration.ofSeconds(5), 5,
            Duration.ZERO, 1, Duration.ZERO, Duration.ZERO, false);
}

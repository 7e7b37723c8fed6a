package dev.fulcrum.vrrp.machine;

import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Everything the pure machine needs to know about one instance's election: a value, so that a unit test
 * can build any configuration in one line and the edges can never change it under the machine's feet.
 *
 * @param name                 instance name, as in logs and notify arguments
 * @param version              VRRP version
 * @param priority             configured priority 1..255 (255 = address owner)
 * @param intervalCentis       own advert interval (v2: a multiple of 100)
 * @param startAsMaster        {@code state MASTER}; only an owner is Master at once
 * @param nopreempt            never preempt a lower-priority master
 * @param preemptDelayNanos    preempt_delay
 * @param downTimerAdverts     down_timer_adverts (RFC: 3)
 * @param lowerPrioNoAdvert    Master silently discards lower-priority adverts (RFC behaviour)
 * @param higherPrioSendAdvert Master sends one last advert before yielding to a higher priority
 * @param primaryAddress       our source address, for the equal-priority tie-break
 * @param garp                 gratuitous ARP timing
 */
public record ElectionSettings(String name, VrrpVersion version, int priority, int intervalCentis,
                               boolean startAsMaster, boolean nopreempt, long preemptDelayNanos,
                               int downTimerAdverts, boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert,
                               InetAddress primaryAddress, GarpPolicy garp) {
    public ElectionSettings {
        Objects.requireNonNull(name);
        Objects.requireNonNull(version);
        Objects.requireNonNull(garp);
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority);
        }
        if (intervalCentis < 1 || intervalCentis > 4095 || (version == VrrpVersion.V2 && intervalCentis % 100 != 0)) {
            throw new IllegalArgumentException("advert interval " + intervalCentis + " cs for " + version);
        }
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException("down_timer_adverts " + downTimerAdverts);
        }
    }

    public boolean owner() {
        return priority == 255;
    }

    /** Defaults as keepalived's, for tests and simple callers. */
    public static ElectionSettings defaults(String name, VrrpVersion version, int priority, int intervalCentis,
                                            InetAddress primary) {
        return new ElectionSettings(name, version, priority, intervalCentis, false, false, 0, 3, false, false, primary,
                GarpPolicy.KEEPALIVED_DEFAULTS);
    }

    public ElectionSettings withNopreempt(boolean v) {
        return new ElectionSettings(name, version, priority, intervalCentis, startAsMaster, v, preemptDelayNanos,
                downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, primaryAddress, garp);
    }

    public ElectionSettings withPreemptDelay(long nanos) {
        return new ElectionSettings(name, version, priority, intervalCentis, startAsMaster, nopreempt, nanos,
                downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, primaryAddress, garp);
    }

    public ElectionSettings withDownTimerAdverts(int n) {
        return new ElectionSettings(name, version, priority, intervalCentis, startAsMaster, nopreempt,
                preemptDelayNanos, n, lowerPrioNoAdvert, higherPrioSendAdvert, primaryAddress, garp);
    }

    public ElectionSettings withLowerPrioNoAdvert(boolean v) {
        return new ElectionSettings(name, version, priority, intervalCentis, startAsMaster, nopreempt,
                preemptDelayNanos, downTimerAdverts, v, higherPrioSendAdvert, primaryAddress, garp);
    }

    public ElectionSettings withHigherPrioSendAdvert(boolean v) {
        return new ElectionSettings(name, version, priority, intervalCentis, startAsMaster, nopreempt,
                preemptDelayNanos, downTimerAdverts, lowerPrioNoAdvert, v, primaryAddress, garp);
    }

    public ElectionSettings withStartAsMaster(boolean v) {
        return new ElectionSettings(name, version, priority, intervalCentis, v, nopreempt, preemptDelayNanos,
                downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, primaryAddress, garp);
    }

    public ElectionSettings withGarp(GarpPolicy g) {
        return new ElectionSettings(name, version, priority, intervalCentis, startAsMaster, nopreempt,
                preemptDelayNanos, downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, primaryAddress, g);
    }
}

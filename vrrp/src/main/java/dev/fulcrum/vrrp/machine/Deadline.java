package dev.fulcrum.vrrp.machine;

/**
 * A one-shot deadline on the injected monotonic clock (nanoseconds). Each VRRP timer is one of these;
 * the machine's next wake-up is the earliest armed one.
 */
final class Deadline {
    static final long NEVER = Long.MAX_VALUE;
    private long at = NEVER;

    void arm(long when) {
        at = when;
    }

    void cancel() {
        at = NEVER;
    }

    boolean armed() {
        return at != NEVER;
    }

    boolean due(long now) {
        return at != NEVER && now - at >= 0;
    }

    long at() {
        return at;
    }

    void shift(long delta) {
        if (at != NEVER) {
            at += delta;
        }
    }
}

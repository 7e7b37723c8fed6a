package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.spec.CheckTiming;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When each checker runs for the first time: keepalived's 1 s bootstrap delay plus a random 0..warmup.
 * A plain random draw per checker still lets thousands of checks land in the same millisecond, so the
 * draw is stratified: checker {@code i} of {@code n} draws inside the i-th of n equal slices of its
 * warmup window. With warmup 0 (keepalived: no random delay) checks are still spaced 100 µs apart, capped
 * at delay_loop, so a large config never starts with one burst.
 */
public final class StartSpread {
    public static final Duration BOOTSTRAP_DELAY = Duration.ofSeconds(1);
    static final long MIN_SPACING_NANOS = 100_000;

    private StartSpread() {
    }

    public static long firstDelayNanos(int index, int count, CheckTiming timing, RandomGenerator random) {
        long window = timing.warmup().toNanos();
        if (window == 0) {
            window = Math.min(timing.delayLoop().toNanos(), MIN_SPACING_NANOS * count);
        }
        double slice = (double) window / Math.max(1, count);
        long offset = (long) (slice * index + slice * random.nextDouble());
        return BOOTSTRAP_DELAY.toNanos() + Math.min(offset, window);
    }
}

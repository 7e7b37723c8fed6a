package dev.fulcrum.healthcheck.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of one checker after VS → RS → checker inheritance has been resolved. It is a value of its
 * own because the scheduler needs nothing else from the configuration to decide when a check runs and
 * when a failure counts, which keeps the up/down rules testable on simulated time.
 *
 * @param delayLoop         interval between checks while nothing is failing
 * @param connectTimeout    time allowed for connect and for each read of one attempt
 * @param retry             failures tolerated before an up checker goes down (down after retry + 1)
 * @param delayBeforeRetry  interval between a failed attempt and its retry
 * @param warmup            the first check runs after a random 0..warmup delay (zero: no random delay)
 * @param alpha             the checker starts down and needs one success to come up
 */
public record CheckTiming(Duration delayLoop, Duration connectTimeout, int retry, Duration delayBeforeRetry,
                          Duration warmup, boolean alpha) {
    /** keepalived's KEEPALIVED_DEFAULT_DELAY. */
    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public CheckTiming {
        Objects.requireNonNull(delayLoop, "delayLoop");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
        Objects.requireNonNull(warmup, "warmup");
        if (delayLoop.isNegative() || delayLoop.isZero()) {
            throw new IllegalArgumentException("delay_loop must be positive: " + delayLoop);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect_timeout must be positive: " + connectTimeout);
        }
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0: " + retry);
        }
        if (delayBeforeRetry.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /** keepalived's defaults for a checker of the given kind when nothing was configured (§9). */
    public static CheckTiming defaults(CheckerKind kind) {
        return new CheckTiming(DEFAULT_DELAY_LOOP, DEFAULT_CONNECT_TIMEOUT, kind.defaultRetry(),
                kind.defaultDelayBeforeRetry(DEFAULT_DELAY_LOOP), DEFAULT_DELAY_LOOP, false);
    }

    public CheckTiming withDelayLoop(Duration d) {
        return new CheckTiming(d, connectTimeout, retry, delayBeforeRetry, warmup, alpha);
    }

    public CheckTiming withConnectTimeout(Duration d) {
        return new CheckTiming(delayLoop, d, retry, delayBeforeRetry, warmup, alpha);
    }

    public CheckTiming withRetry(int r) {
        return new CheckTiming(delayLoop, connectTimeout, r, delayBeforeRetry, warmup, alpha);
    }

    public CheckTiming withDelayBeforeRetry(Duration d) {
        return new CheckTiming(delayLoop, connectTimeout, retry, d, warmup, alpha);
    }

    public CheckTiming withWarmup(Duration d) {
        return new CheckTiming(delayLoop, connectTimeout, retry, delayBeforeRetry, d, alpha);
    }

    public CheckTiming withAlpha(boolean a) {
        return new CheckTiming(delayLoop, connectTimeout, retry, delayBeforeRetry, warmup, a);
    }
}

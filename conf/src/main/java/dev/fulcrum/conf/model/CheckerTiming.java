package dev.fulcrum.conf.model;

import java.time.Duration;

/**
 * The timing of one checker with VS -> RS -> checker inheritance and the per-type defaults applied
 * (retry 1, or 3 for DNS, 0 for MISC; delay_before_retry 1 s, 3 s for HTTP/SSL, delay_loop for DNS;
 * warmup = delay_loop). For MISC_CHECK, which has no connection, {@code connectTimeout} is the script's
 * {@code misc_timeout}.
 */
public record CheckerTiming(Duration delayLoop, Duration connectTimeout, int retry, Duration delayBeforeRetry,
                            Duration warmup, boolean alpha, boolean logAllFailures) {
}

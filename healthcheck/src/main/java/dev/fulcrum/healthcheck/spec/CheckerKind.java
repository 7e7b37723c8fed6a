package dev.fulcrum.healthcheck.spec;

import java.time.Duration;

/**
 * The keepalived checker keywords. The kind carries the per-checker defaults of keepalived.conf §9
 * (retry, delay_before_retry) because they differ by checker and are easy to get wrong when scattered.
 */
public enum CheckerKind {
    TCP_CHECK(1), HTTP_GET(1), SSL_GET(1), MISC_CHECK(0), SMTP_CHECK(1), DNS_CHECK(3), UDP_CHECK(1),
    PING_CHECK(1), FILE_CHECK(0);

    private final int defaultRetry;

    CheckerKind(int defaultRetry) {
        this.defaultRetry = defaultRetry;
    }

    public int defaultRetry() {
        return defaultRetry;
    }

    /** 1 s, except HTTP/SSL (3 s) and DNS (= delay_loop). */
    public Duration defaultDelayBeforeRetry(Duration delayLoop) {
        return switch (this) {
            case HTTP_GET, SSL_GET -> Duration.ofSeconds(3);
            case DNS_CHECK -> delayLoop;
            default -> Duration.ofSeconds(1);
        };
    }
}

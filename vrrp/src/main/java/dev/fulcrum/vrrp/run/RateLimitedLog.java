package dev.fulcrum.vrrp.run;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * At most one log line per key per period, reporting how many were suppressed, so that a peer flooding
 * us with bad adverts (every 10 ms) produces a readable log, not a disk full.
 */
final class RateLimitedLog {
    private record Window(long start, long suppressed) {
    }

    private final long periodNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** Calls {@code emit} with the number suppressed since the last line, if the key may log now. */
    void maybe(String key, long now, LongConsumer emit) {
        Window w = windows.get(key);
        if (w == null || now - w.start >= periodNanos) {
            windows.put(key, new Window(now, 0));
            emit.accept(w == null ? 0 : w.suppressed);
        } else {
            windows.put(key, new Window(w.start, w.suppressed + 1));
        }
    }
}

package dev.fulcrum.healthcheck.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.spec.CheckTiming;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StartSpreadTest {
    static int maxPerMillisecond(int n, CheckTiming t) {
        Random r = new Random(7);
        Map<Long, Integer> buckets = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long d = StartSpread.firstDelayNanos(i, n, t, r);
            long min = StartSpread.BOOTSTRAP_DELAY.toNanos();
            assertTrue(d >= min && d <= min + Math.max(t.warmup().toNanos(), t.delayLoop().toNanos()), "delay " + d);
            buckets.merge(d / 1_000_000, 1, Integer::sum);
        }
        return buckets.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @Test
    void fiveThousandChecksWithWarmupFiveSecondsNeverCrowdOneMillisecond() {
        CheckTiming t = new CheckTiming(Duration.ofSeconds(5), Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Duration.ofSeconds(5), false);
        // 5000 checks over 5 s is one per ms on average; stratification keeps it at most 2
        int max = maxPerMillisecond(5000, t);
        assertTrue(max <= 2, "max per ms " + max);
    }

    @Test
    void warmupZeroStillSpacesChecksInsteadOfOneBurst() {
        CheckTiming t = new CheckTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Duration.ZERO, false);
        int max = maxPerMillisecond(5000, t);
        assertTrue(max <= 11, "max per ms " + max);
    }

    @Test
    void firstDelayIsWithinBootstrapPlusWarmupForASingleChecker() {
        CheckTiming t = new CheckTiming(Duration.ofSeconds(60), Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Duration.ofSeconds(60), false);
        Random r = new Random();
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (int i = 0; i < 2000; i++) {
            long d = StartSpread.firstDelayNanos(0, 1, t, r);
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        assertTrue(lo >= 1_000_000_000L && hi <= 61_000_000_000L);
        assertTrue(hi - lo > 50_000_000_000L, "random over the whole warmup: " + lo + ".." + hi);
    }
}

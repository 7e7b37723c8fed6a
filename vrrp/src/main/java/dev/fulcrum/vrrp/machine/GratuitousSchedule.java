package dev.fulcrum.vrrp.machine;

import java.util.PriorityQueue;

/**
 * When the next gratuitous ARPs are due while Master: bursts, their spacing, the delayed second burst
 * and the periodic refresh. "repeat N" means N (keepalived 2.2.7 capped spaced bursts at 2; we do not).
 */
final class GratuitousSchedule {
    private record Due(long at, int count) {
    }

    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at - b.at, 0));
    private final GarpPolicy policy;
    private long refreshAt = Deadline.NEVER;

    GratuitousSchedule(GarpPolicy policy) {
        this.policy = policy;
    }

    /** Queues a burst of {@code repeat} starting at {@code at}, spaced by the policy's interval. */
    void burst(long at, int repeat) {
        if (repeat <= 0) {
            return;
        }
        if (policy.intervalNanos() == 0) {
            queue.add(new Due(at, repeat));
        } else {
            for (int i = 0; i < repeat; i++) {
                queue.add(new Due(at + i * policy.intervalNanos(), 1));
            }
        }
    }

    /** The takeover pattern: burst now, second burst after the delay, then refresh. */
    void takeover(long now) {
        burst(now, policy.masterRepeat());
        if (policy.masterDelayNanos() > 0) {
            burst(now + policy.masterDelayNanos(), policy.masterRepeat());
        }
        refreshAt = policy.refreshNanos() > 0 ? now + policy.refreshNanos() : Deadline.NEVER;
    }

    /** Removes and counts everything due at {@code now}. */
    int takeDue(long now) {
        int n = 0;
        while (!queue.isEmpty() && now - queue.peek().at >= 0) {
            n += queue.poll().count;
        }
        if (refreshAt != Deadline.NEVER && now - refreshAt >= 0) {
            burst(now, policy.refreshRepeat());
            refreshAt = now + policy.refreshNanos();
            while (!queue.isEmpty() && now - queue.peek().at >= 0) {
                n += queue.poll().count;
            }
        }
        return n;
    }

    long next() {
        long q = queue.isEmpty() ? Deadline.NEVER : queue.peek().at;
        return Math.min(q, refreshAt);
    }

    void clear() {
        queue.clear();
        refreshAt = Deadline.NEVER;
    }
}

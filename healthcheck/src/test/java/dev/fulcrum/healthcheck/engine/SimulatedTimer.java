package dev.fulcrum.healthcheck.engine;

import java.time.Duration;
import java.util.PriorityQueue;

/** A {@link TaskTimer} on simulated time: tasks run only when the test advances the clock. */
final class SimulatedTimer implements TaskTimer {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + Math.max(0, delayNanos), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    Duration now() {
        return Duration.ofNanos(now);
    }

    /** Runs every task due up to now + d, in time order, advancing the clock to each. */
    void advance(Duration d) {
        long until = now + d.toNanos();
        int guard = 0;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            if (++guard > 10_000_000) {
                throw new IllegalStateException("runaway simulation");
            }
            Task t = queue.poll();
            now = t.at;
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
        now = until;
    }

    int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
    }
}

package dev.fulcrum.healthcheck.engine;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link TaskTimer}: one Netty event executor owns all engine state, so the state
 * machine needs no locks while checks run on the whole event loop group.
 *
 * <p>Timer slack: a task is due at the multiple of the slack nearest to its time, on one grid of the monotonic
 * clock, and each slot of the grid is one executor timer that runs all of the slot's tasks, so checks due
 * within the same slot run in one wake-up of the event loop. Sleeping and waking the loop thread is a large
 * part of a check's CPU once the check itself is cheap (a kept connection: one write and one read; in the IPVS
 * VM the context switch alone was a fifth of the loop's time), and a task run up to half a slack early or
 * late costs nothing against a delay_loop counted in seconds. A wait shorter than {@link #SLACK_SHARE} slacks
 * (a sub-second delay_before_retry) is kept exact, so slack never moves a task by more than a twentieth of its
 * wait, and a slot takes at most {@link #SLOT_CAPACITY} tasks, so it never becomes a burst. Slack 0 runs every
 * task at its exact time.
 */
public final class EventLoopTaskTimer implements TaskTimer {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopTaskTimer.class);
    /** keepalived's timers have no slack; checks due within the same 50 ms share a wake-up by default. */
    public static final Duration DEFAULT_SLACK = Duration.ofMillis(50);
    /** Only waits of at least this many slacks are put on the grid. */
    static final long SLACK_SHARE = 10;
    /**
     * Tasks one slot takes; later ones run at their own time. A slot's checks start back to back, so a full slot
     * is a burst of connections to the servers (at 2,000 new connections a second, 100 a slot of 50 ms made the
     * p99 check latency 113 ms instead of 6 on the host). At rates that fill a slot the loop's wake-ups are
     * shared anyway (0.18 sleeps per check at 2,000 checks/s without slack).
     */
    static final int SLOT_CAPACITY = 16;

    private final EventExecutor executor;
    private final long slackNanos;
    /** The grid's slots that have tasks, by due time; one executor timer each. Only touched on the executor's thread. */
    private final Map<Long, Slot> slots = new HashMap<>();

    /** A timer with {@link #DEFAULT_SLACK}. */
    public EventLoopTaskTimer(EventExecutor executor) {
        this(executor, DEFAULT_SLACK);
    }

    public EventLoopTaskTimer(EventExecutor executor, Duration slack) {
        if (slack.isNegative()) {
            throw new IllegalArgumentException("timer slack must not be negative: " + slack);
        }
        this.executor = executor;
        this.slackNanos = slack.toNanos();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        long delay = Math.max(0, delayNanos);
        if (slackNanos == 0 || delay < SLACK_SHARE * slackNanos) {
            return new Scheduled(executor.schedule(task, delay, TimeUnit.NANOSECONDS));
        }
        long asked = System.nanoTime() + delay;
        long due = dueOnGrid(asked, 0, slackNanos);
        Entry e = new Entry(task);
        if (executor.inEventLoop()) {
            add(asked, due, e);
        } else {
            executor.execute(() -> add(asked, due, e));
        }
        return e;
    }

    /**
     * Puts a task in its slot; the first task of a slot arms the slot's one executor timer, so the slot's tasks
     * run back to back in one pass of the loop, however their own scheduling calls were spread in time. A full
     * slot leaves the task at the time it asked for.
     */
    private void add(long asked, long due, Entry e) {
        Slot slot = slots.get(due);
        if (slot == null) {
            slot = new Slot(due);
            slots.put(due, slot);
            executor.schedule(slot, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        } else if (slot.entries.size() >= SLOT_CAPACITY) {
            executor.schedule(e, Math.max(0, asked - System.nanoTime()), TimeUnit.NANOSECONDS);
            return;
        }
        slot.entries.add(e);
    }

    /**
     * When a task asked for at {@code now + delay} runs: the multiple of {@code grid} nearest to it, on the clock's
     * own grid, so that every task due in one slot gets the same deadline whenever it was scheduled. Nearest, not
     * the next one up: a check rescheduled a delay_loop after its answer then keeps its slot, and checks keep
     * their configured rate, where rounding up would add a slot to every period (5 % fewer checks at 50 ms on
     * a 1 s delay_loop). Callers only round waits of ten grids or more, so a task is never due in the past.
     */
    static long dueOnGrid(long now, long delay, long grid) {
        long due = now + delay;
        long past = Math.floorMod(due, grid);
        return past < grid - past ? due - past : due + (grid - past);
    }

    /** Slots waiting to run (tests). */
    int pendingSlots() {
        return slots.size();
    }

    /** Tasks in the slot due at {@code due} (tests). */
    int slotSize(long due) {
        Slot s = slots.get(due);
        return s == null ? 0 : s.entries.size();
    }

    /** One slot of the grid: its tasks, run in the order they were scheduled. */
    private final class Slot implements Runnable {
        private final long due;
        private final ArrayList<Entry> entries = new ArrayList<>(4);

        Slot(long due) {
            this.due = due;
        }

        @Override
        public void run() {
            slots.remove(due);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                try {
                    e.run();
                } catch (RuntimeException ex) {
                    // as the executor does for a task of its own: one failing task must not cost the others their turn
                    LOG.warn("timer task {} failed", e.task, ex);
                }
            }
        }
    }

    /** A task on the grid (or off it, its slot full); cancelling it leaves it where it is, skipped when its time comes. */
    private static final class Entry implements Cancellable, Runnable {
        private final Runnable task;
        private volatile boolean cancelled;

        Entry(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!cancelled) {
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /**
     * A scheduled task's handle. A record, not a lambda: the daemon runs C1-compiled code, where a capturing
     * lambda costs a runtime call to create, and this is created once per check.
     */
    private record Scheduled(java.util.concurrent.Future<?> future) implements Cancellable {
        @Override
        public void cancel() {
            future.cancel(false);
        }
    }

    @Override
    public boolean onTimerThread() {
        return executor.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }
}

package dev.fulcrum.healthcheck.engine;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timer slack on a real event loop: tasks due within one slot of the grid run in one pass of the loop (one
 * wake-up), none runs more than half a slack before it was asked for, and slack 0 or a short wait leaves every
 * task at its own time.
 */
class EventLoopTaskTimerTest {
    private static final long MS = 1_000_000;

    @Test
    void dueTimesGoToTheNearestMultipleOfTheGrid() {
        assertEquals(10 * MS, EventLoopTaskTimer.dueOnGrid(3 * MS, 11 * MS, 10 * MS));
        assertEquals(20 * MS, EventLoopTaskTimer.dueOnGrid(3 * MS, 12 * MS, 10 * MS));
        assertEquals(20 * MS, EventLoopTaskTimer.dueOnGrid(3 * MS, 17 * MS, 10 * MS), "a due time on the grid stays");
        assertEquals(20 * MS, EventLoopTaskTimer.dueOnGrid(3 * MS, 22 * MS - 1, 10 * MS));
        // System.nanoTime() may be negative: the grid is the clock's own, not one relative to zero's sign
        assertEquals(-20 * MS, EventLoopTaskTimer.dueOnGrid(-25 * MS, 4 * MS, 10 * MS));
        assertEquals(-10 * MS, EventLoopTaskTimer.dueOnGrid(-25 * MS, 11 * MS, 10 * MS));
        assertEquals(0, EventLoopTaskTimer.dueOnGrid(-25 * MS, 20 * MS, 10 * MS));
    }

    @Test
    void negativeSlackIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EventLoopTaskTimer(null, Duration.ofMillis(-1)));
    }

    @Test
    void tasksDueInOneSlotShareOnePassOfTheLoop() throws Exception {
        // 16 tasks (a slot's capacity) asked for 500 µs apart over 8 ms, 300 ms ahead (more than ten slacks), with a
        // 20 ms slack: at most two slots of the grid
        Turns t = run(Duration.ofMillis(20), 300 * MS, EventLoopTaskTimer.SLOT_CAPACITY, MS / 2);
        assertTrue(t.turns <= 2, "16 tasks over 8 ms ran in " + t.turns + " passes of the loop");
        assertEquals(0, t.early, "tasks run more than half a slack before they were due");
    }

    @Test
    void aFullSlotLeavesLaterTasksAtTheirOwnTime() throws Exception {
        try (Loop l = Loop.start()) {
            EventLoop loop = l.loop();
            long slack = 20 * MS;
            EventLoopTaskTimer timer = new EventLoopTaskTimer(loop, Duration.ofNanos(slack));
            int tasks = 3 * EventLoopTaskTimer.SLOT_CAPACITY;
            CountDownLatch done = new CountDownLatch(tasks);
            int[] early = {0};
            long[] slot = {0};
            int[] inSlot = {0};
            loop.submit(() -> {
                // every task asked within 2.4 ms of one point of the grid: all belong to its slot
                slot[0] = EventLoopTaskTimer.dueOnGrid(System.nanoTime() + 300 * MS, 0, slack);
                for (int i = 0; i < tasks; i++) {
                    long asked = slot[0] - 2_400_000 + i * 100_000;
                    timer.schedule(asked - System.nanoTime(), () -> {
                        if (System.nanoTime() < asked - slack / 2) {
                            early[0]++;
                        }
                        done.countDown();
                    });
                }
                inSlot[0] = timer.slotSize(slot[0]);
            }).sync();
            assertEquals(EventLoopTaskTimer.SLOT_CAPACITY, inSlot[0], "the slot took its capacity, no more");
            assertTrue(done.await(5, TimeUnit.SECONDS), "every task ran, in the slot or at its own time");
            assertEquals(0, loop.submit(() -> early[0]).get(), "tasks run more than half a slack before they were due");
        }
    }

    @Test
    void withoutSlackEachTaskRunsAtItsOwnTime() throws Exception {
        Turns t = run(Duration.ZERO, 200 * MS, 40, MS);
        // each has its own wake-up; a loaded machine may wake the loop late and run a few together
        assertTrue(t.turns >= 10, "40 tasks 1 ms apart ran in only " + t.turns + " passes of the loop");
        assertEquals(0, t.early, "tasks run before they were due");
    }

    @Test
    void aWaitShorterThanTenSlacksIsKeptExact() throws Exception {
        // 50 ms ahead with a 20 ms slack: on the grid they would share at most three passes
        Turns t = run(Duration.ofMillis(20), 50 * MS, 40, MS);
        assertTrue(t.turns >= 10, "40 tasks 1 ms apart ran in only " + t.turns + " passes of the loop");
        assertEquals(0, t.early, "tasks run before they were due");
    }

    @Test
    void aCancelledTaskIsSkippedAndAFailingOneCostsTheOthersNothing() throws Exception {
        try (Loop l = Loop.start()) {
            EventLoop loop = l.loop();
            EventLoopTaskTimer timer = new EventLoopTaskTimer(loop, Duration.ofMillis(5));
            java.util.List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            loop.submit(() -> {
                // all four in one slot: 60 ms ahead (more than ten slacks), asked within microseconds
                timer.schedule(60 * MS, () -> ran.add("first"));
                TaskTimer.Cancellable c = timer.schedule(60 * MS, () -> ran.add("cancelled"));
                timer.schedule(60 * MS, () -> {
                    throw new IllegalStateException("a failing task");
                });
                timer.schedule(60 * MS, () -> {
                    ran.add("last");
                    done.countDown();
                });
                c.cancel();
            }).sync();
            assertTrue(done.await(5, TimeUnit.SECONDS), "the slot ran");
            assertEquals(java.util.List.of("first", "last"), ran);
            assertEquals(0, loop.submit(timer::pendingSlots).get(), "a slot that ran is forgotten");
        }
    }

    /** One event loop thread of its own (epoll where there is one, as in production), shut down after the test. */
    private record Loop(EventLoopGroup group, EventLoop loop) implements AutoCloseable {
        static Loop start() {
            DefaultThreadFactory threads = new DefaultThreadFactory("slack-test", true);
            EventLoopGroup g = Epoll.isAvailable() ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
            return new Loop(g, g.next());
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** How many passes of the loop ran the tasks, and how many ran earlier than half a slack before the time asked for. */
    private record Turns(int turns, int early) {
    }

    private static Turns run(Duration slack, long aheadNanos, int tasks, long spacingNanos) throws Exception {
        try (Loop l = Loop.start()) {
            EventLoop loop = l.loop();
            EventLoopTaskTimer timer = new EventLoopTaskTimer(loop, slack);
            CountDownLatch done = new CountDownLatch(tasks);
            int[] turns = {0};
            int[] early = {0};
            boolean[] open = {false};
            loop.execute(() -> {
                long base = System.nanoTime() + aheadNanos;
                for (int i = 0; i < tasks; i++) {
                    long asked = base + i * spacingNanos;
                    timer.schedule(asked - System.nanoTime(), () -> {
                        if (System.nanoTime() < asked - slack.toNanos() / 2) {
                            early[0]++;
                        }
                        if (!open[0]) {
                            // a plain task queued now runs after every scheduled task this pass already took
                            open[0] = true;
                            turns[0]++;
                            loop.execute(() -> open[0] = false);
                        }
                        done.countDown();
                    });
                }
            });
            assertTrue(done.await(10, TimeUnit.SECONDS), "tasks ran");
            int[] result = new int[2];
            loop.submit(() -> {
                result[0] = turns[0];
                result[1] = early[0];
            }).sync();
            return new Turns(result[0], result[1]);
        }
    }
}

package dev.fulcrum.healthcheck.engine;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link TaskTimer}: one Netty event executor owns all engine state, so the state
 * machine needs no locks while checks run on the whole event loop group.
 */
public final class EventLoopTaskTimer implements TaskTimer {
    private final EventExecutor executor;

    public EventLoopTaskTimer(EventExecutor executor) {
        this.executor = executor;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        return new Scheduled(executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS));
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

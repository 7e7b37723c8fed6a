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
        var f = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
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

package dev.fulcrum.healthcheck.engine;

/**
 * The engine's only source of time and its only executor. Production uses one Netty event loop
 * ({@link EventLoopTaskTimer}); tests use a simulated clock, which is why the scheduler never calls
 * {@code System.nanoTime()} or sleeps.
 */
public interface TaskTimer {
    long nanoTime();

    /** Runs {@code task} on the engine's thread after {@code delayNanos}. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} on the engine's thread as soon as possible. */
    void execute(Runnable task);

    /** True when the caller already is on the engine's thread, so work can run inline without a task. */
    default boolean onTimerThread() {
        return false;
    }

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}

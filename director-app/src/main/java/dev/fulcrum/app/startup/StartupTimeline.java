package dev.fulcrum.app.startup;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milestones of `fulcrum run` from the JVM's start to the director running, so that a slow start can be
 * attributed to a phase (settings, configuration, logging, metrics, VRRP, IPVS, checkers) without a
 * profiler. Marks are only recorded while starting (logging may not be set up yet) and written at
 * debug level, one line per phase, once start-up is over.
 */
public final class StartupTimeline {
    private record Mark(String phase, long nanos) {
    }

    private final long originNanos;
    private final long originWallMillis;
    private final List<Mark> marks = new ArrayList<>();

    private StartupTimeline(long originNanos, long originWallMillis) {
        this.originNanos = originNanos;
        this.originWallMillis = originWallMillis;
    }

    /** Starts the timeline now (in main); times are reported from the JVM's start. */
    public static StartupTimeline begin() {
        return new StartupTimeline(System.nanoTime(), System.currentTimeMillis());
    }

    /** From the JVM's start to {@link #begin()}: asked only after start-up, when the management beans are loaded anyway. */
    private long jvmToOriginMillis() {
        return Math.max(0, originWallMillis - ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    public synchronized void mark(String phase) {
        marks.add(new Mark(phase, System.nanoTime()));
    }

    /** Milliseconds from the JVM's start to a phase's end. */
    public synchronized Optional<Long> sinceJvmStart(String phase) {
        long jvm = jvmToOriginMillis();
        return marks.stream().filter(m -> m.phase().equals(phase)).findFirst().map(m -> sinceJvmStart(m, jvm));
    }

    private long sinceJvmStart(Mark m, long jvmToOrigin) {
        return jvmToOrigin + TimeUnit.NANOSECONDS.toMillis(m.nanos() - originNanos);
    }

    /** Writes every phase at debug: its time since the JVM's start and its own duration. */
    public synchronized void log() {
        Logger log = LoggerFactory.getLogger(StartupTimeline.class);
        if (!log.isDebugEnabled()) {
            return;
        }
        long jvm = jvmToOriginMillis();
        log.debug("start-up: JVM start to main {} ms", jvm);
        long prev = originNanos;
        for (Mark m : marks) {
            log.debug("start-up: {} at {} ms (+{} ms)", m.phase(), sinceJvmStart(m, jvm), TimeUnit.NANOSECONDS.toMillis(m.nanos() - prev));
            prev = m.nanos();
        }
    }
}

package dev.fulcrum.app.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Routes SIGHUP to a reload and SIGTERM/SIGINT to an orderly stop. The handlers only post events: the
 * signal thread never touches director state. The JDK offers no public API for SIGHUP, so this is the
 * one place that uses {@code sun.misc.Signal}.
 */
public final class ProcessSignals {
    private static final Logger log = LoggerFactory.getLogger(ProcessSignals.class);

    private ProcessSignals() {
    }

    public static void install(Runnable onReload, Runnable onStop) {
        Signal.handle(new Signal("HUP"), s -> {
            log.info("SIGHUP: reloading the configuration");
            onReload.run();
        });
        Signal.handle(new Signal("TERM"), s -> {
            log.info("SIGTERM: stopping");
            onStop.run();
        });
        Signal.handle(new Signal("INT"), s -> {
            log.info("SIGINT: stopping");
            onStop.run();
        });
    }
}

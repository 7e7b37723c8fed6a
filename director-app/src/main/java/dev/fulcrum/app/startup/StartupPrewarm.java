package dev.fulcrum.app.startup;

import dev.fulcrum.net.libc.LibC;
import org.slf4j.LoggerFactory;

/**
 * The two slow initialisations on the way to the first VRRP advert that need nothing from the
 * configuration, started on threads of their own while the main thread reads the settings and the
 * keepalived.conf (the director has two cores to work with): the libc binding (jnr-ffi generates its
 * bytecode on first use, 0.2-0.5 s on the development host) and logging (logback's set-up, 0.1-0.3 s).
 * Class initialisation is thread-safe, so a socket that needs libc before the binding is ready simply
 * waits for it. Logging is awaited explicitly before the main thread logs anything: slf4j hands a thread
 * that asks during another thread's initialisation a substitute logger instead of waiting.
 */
public final class StartupPrewarm {
    private final Thread logging;

    private StartupPrewarm(Thread logging) {
        this.logging = logging;
    }

    public static StartupPrewarm start() {
        daemon("libc-prewarm", () -> LibC.INSTANCE.getpid()).start();
        // an operator's own logback file may use ${fulcrum.log.level}, known only after the settings: not early then
        Thread logging = System.getProperty("logback.configurationFile") == null ? daemon("logging-prewarm", LoggerFactory::getILoggerFactory) : null;
        if (logging != null) {
            logging.start();
        }
        return new StartupPrewarm(logging);
    }

    /** Waits until logging is set up (if it was started early); call before the first logger is used. */
    public void awaitLogging() {
        if (logging == null) {
            return;
        }
        try {
            logging.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable ignored) {
                // the real caller meets the same failure and reports it
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}

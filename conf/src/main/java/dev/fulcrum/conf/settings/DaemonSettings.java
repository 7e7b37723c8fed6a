package dev.fulcrum.conf.settings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's own settings (as opposed to keepalived.conf): where to listen, where to keep state,
 * how often to reconcile, how HTTP checks use their connections. Validated values only; see {@link SettingsLoader}.
 *
 * @param metricsHost empty = every address
 * @param httpChecksPerConnection checks an HTTP_GET / SSL_GET connection carries: 1 (keepalived's way, a
 *                                new connection per check), N, or 0 for no limit
 * @param checkTimerSlack how far a health check's start may move (half of it, earlier or later) so that checks
 *                        due close together share one wake-up of the checker's event loop (0: each on time)
 */
public record DaemonSettings(String metricsHost, int metricsPort, String metricsPath, Path controlSocket,
                             Path stateDirectory, LogLevel logLevel, Duration resyncPeriod, Duration drainTimeout,
                             int httpChecksPerConnection, Duration checkTimerSlack) {

    /** Log verbosity, named like SLF4J levels. */
    public enum LogLevel {
        TRACE, DEBUG, INFO, WARN, ERROR
    }
}

package dev.fulcrum.conf.settings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's own settings (as opposed to keepalived.conf): where to listen, where to keep state,
 * how often to reconcile. Validated values only; see {@link SettingsLoader}.
 *
 * @param metricsHost empty = every address
 */
public record DaemonSettings(String metricsHost, int metricsPort, String metricsPath, Path controlSocket,
                             Path stateDirectory, LogLevel logLevel, Duration resyncPeriod, Duration drainTimeout) {

    /** Log verbosity, named like SLF4J levels. */
    public enum LogLevel {
        TRACE, DEBUG, INFO, WARN, ERROR
    }
}

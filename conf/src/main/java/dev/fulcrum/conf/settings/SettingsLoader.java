package dev.fulcrum.conf.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.SourcePos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Loads {@link DaemonSettings} with this precedence: system properties, then {@code FULCRUM_*}
 * environment variables, then the {@code --settings} file, then {@code reference.conf}. A bad value is
 * reported where it came from (file:line, or the variable/property name) instead of as a stack trace.
 */
public final class SettingsLoader {
    /** Environment variable -> setting path; explicit, because HOCON paths contain hyphens. */
    public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("FULCRUM_METRICS_LISTEN", "fulcrum.metrics.listen"),
            Map.entry("FULCRUM_METRICS_PATH", "fulcrum.metrics.path"),
            Map.entry("FULCRUM_CONTROL_SOCKET", "fulcrum.control.socket"),
            Map.entry("FULCRUM_STATE_DIRECTORY", "fulcrum.state-directory"),
            Map.entry("FULCRUM_LOG_LEVEL", "fulcrum.log.level"),
            Map.entry("FULCRUM_RESYNC_PERIOD", "fulcrum.reconciler.resync-period"),
            Map.entry("FULCRUM_DRAIN_TIMEOUT", "fulcrum.reconciler.drain-timeout"),
            Map.entry("FULCRUM_HTTP_CHECKS_PER_CONNECTION", "fulcrum.healthcheck.http.checks-per-connection"),
            Map.entry("FULCRUM_CHECK_TIMER_SLACK", "fulcrum.healthcheck.timer-slack"));

    /**
     * The largest timer slack: a check's start moves by half of it at most, and more would no longer be small
     * against a delay_loop of a second, and would show in detection times.
     */
    public static final Duration MAX_TIMER_SLACK = Duration.ofMillis(100);

    private SettingsLoader() {
    }

    /** Loads with the process's environment and system properties. */
    public static SettingsResult load(Optional<Path> settingsFile) {
        return load(settingsFile, System.getenv(), System.getProperties());
    }

    public static SettingsResult load(Optional<Path> settingsFile, Map<String, String> env, Properties sys) {
        List<Diagnostic> diags = new ArrayList<>();
        Path origin = settingsFile.orElse(Path.of("reference.conf"));
        try {
            Config reference = ConfigFactory.parseResources(SettingsLoader.class.getClassLoader(), "reference.conf");
            Config file = ConfigFactory.empty();
            if (settingsFile.isPresent()) {
                Path p = settingsFile.get();
                if (!Files.isReadable(p)) {
                    diags.add(Diagnostic.error(new SourcePos(p, 1, 1), "cannot read settings file " + p));
                    return new SettingsResult(Optional.empty(), diags);
                }
                file = ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            Config envConfig = ConfigFactory.empty();
            for (Map.Entry<String, String> e : ENVIRONMENT.entrySet()) {
                String v = env.get(e.getKey());
                if (v != null) {
                    envConfig = ConfigFactory.parseMap(Map.of(e.getValue(), v), "environment variable " + e.getKey()).withFallback(envConfig);
                }
            }
            Map<String, Object> props = new HashMap<>();
            for (String name : sys.stringPropertyNames()) {
                if (name.startsWith("fulcrum.")) {
                    props.put(name, sys.getProperty(name));
                }
            }
            Config sysConfig = ConfigFactory.parseMap(props, "system properties");
            Config all = sysConfig.withFallback(envConfig).withFallback(file).withFallback(reference)
                    .resolve(ConfigResolveOptions.defaults());
            return validate(all, diags);
        } catch (ConfigException e) {
            diags.add(Diagnostic.error(pos(e.origin(), origin), e.getMessage()));
            return new SettingsResult(Optional.empty(), diags);
        }
    }

    private static SourcePos pos(ConfigOrigin o, Path fallback) {
        if (o == null) {
            return new SourcePos(fallback, 1, 1);
        }
        Path file = o.filename() != null ? Path.of(o.filename()) : Path.of(o.description());
        return new SourcePos(file, Math.max(1, o.lineNumber()), 1);
    }

    private static SettingsResult validate(Config c, List<Diagnostic> diags) {
        String listen = value(c, "fulcrum.metrics.listen", Config::getString, diags);
        String host = "";
        int port = 0;
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException();
                }
                host = listen.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                port = Integer.parseInt(listen.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                bad(c, "fulcrum.metrics.listen", "must be [HOST]:PORT with PORT 1..65535, not '" + listen + "'", diags);
            }
        }
        String path = value(c, "fulcrum.metrics.path", Config::getString, diags);
        if (path != null && !path.startsWith("/")) {
            bad(c, "fulcrum.metrics.path", "must start with '/', not '" + path + "'", diags);
        }
        String socket = value(c, "fulcrum.control.socket", Config::getString, diags);
        if (socket != null && !socket.startsWith("/")) {
            bad(c, "fulcrum.control.socket", "must be an absolute path, not '" + socket + "'", diags);
        }
        String state = value(c, "fulcrum.state-directory", Config::getString, diags);
        if (state != null && !state.startsWith("/")) {
            bad(c, "fulcrum.state-directory", "must be an absolute path, not '" + state + "'", diags);
        }
        String level = value(c, "fulcrum.log.level", Config::getString, diags);
        DaemonSettings.LogLevel logLevel = null;
        if (level != null) {
            try {
                logLevel = DaemonSettings.LogLevel.valueOf(level.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                bad(c, "fulcrum.log.level", "must be TRACE, DEBUG, INFO, WARN or ERROR, not '" + level + "'", diags);
            }
        }
        Duration resync = value(c, "fulcrum.reconciler.resync-period", Config::getDuration, diags);
        if (resync != null && (resync.isNegative() || resync.isZero())) {
            bad(c, "fulcrum.reconciler.resync-period", "must be positive", diags);
        }
        Duration drain = value(c, "fulcrum.reconciler.drain-timeout", Config::getDuration, diags);
        if (drain != null && drain.isNegative()) {
            bad(c, "fulcrum.reconciler.drain-timeout", "must not be negative", diags);
        }
        Integer checksPerConnection = value(c, "fulcrum.healthcheck.http.checks-per-connection", Config::getInt, diags);
        if (checksPerConnection != null && checksPerConnection < 0) {
            bad(c, "fulcrum.healthcheck.http.checks-per-connection", "must be 0 (no limit) or more, not " + checksPerConnection, diags);
        }
        Duration slack = value(c, "fulcrum.healthcheck.timer-slack", Config::getDuration, diags);
        if (slack != null && (slack.isNegative() || slack.compareTo(MAX_TIMER_SLACK) > 0)) {
            bad(c, "fulcrum.healthcheck.timer-slack", "must be between 0 and " + MAX_TIMER_SLACK.toMillis() + "ms, not " + slack.toMillis() + "ms", diags);
        }
        if (!diags.isEmpty()) {
            return new SettingsResult(Optional.empty(), diags);
        }
        return new SettingsResult(Optional.of(new DaemonSettings(host, port, path, Path.of(socket), Path.of(state), logLevel,
                resync, drain, checksPerConnection, slack)), diags);
    }

    private static void bad(Config c, String key, String why, List<Diagnostic> diags) {
        diags.add(Diagnostic.error(pos(c.getValue(key).origin(), Path.of("settings")), key + " " + why));
    }

    /** One setting read with {@code get}; a missing or mistyped value becomes a diagnostic where it was set, and null. */
    private static <T> T value(Config c, String key, java.util.function.BiFunction<Config, String, T> get, List<Diagnostic> diags) {
        try {
            return get.apply(c, key);
        } catch (ConfigException e) {
            diags.add(Diagnostic.error(pos(e.origin(), Path.of("settings")), key + ": " + e.getMessage()));
            return null;
        }
    }
}

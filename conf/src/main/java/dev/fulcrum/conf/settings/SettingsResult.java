package dev.fulcrum.conf.settings;

import dev.fulcrum.conf.Diagnostic;

import java.util.List;
import java.util.Optional;

/** Settings when every value is valid, and the problems (each with the origin of the bad value). */
public record SettingsResult(Optional<DaemonSettings> settings, List<Diagnostic> diagnostics) {
    public SettingsResult {
        diagnostics = List.copyOf(diagnostics);
    }
}

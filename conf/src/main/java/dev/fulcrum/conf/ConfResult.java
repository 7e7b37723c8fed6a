package dev.fulcrum.conf;

import dev.fulcrum.conf.model.KeepalivedConfig;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of loading a configuration: the model when there is no error, and every diagnostic
 * (in source order) either way.
 */
public record ConfResult(Optional<KeepalivedConfig> config, List<Diagnostic> diagnostics) {

    public ConfResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public boolean hasWarnings() {
        return diagnostics.stream().anyMatch(d -> !d.isError());
    }

    /** True when the loader failed internally (a bug): reported as a diagnostic, never thrown. */
    public boolean internalFailure() {
        return diagnostics.stream().anyMatch(d -> d.message().startsWith(KeepalivedConf.INTERNAL_ERROR));
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}

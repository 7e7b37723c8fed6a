package dev.fulcrum.conf.build;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.SourcePos;

import java.util.List;

/** The diagnostics sink the builders write to; one per load. */
final class Findings {
    private final List<Diagnostic> list;

    Findings(List<Diagnostic> list) {
        this.list = list;
    }

    void error(SourcePos pos, String message) {
        list.add(Diagnostic.error(pos, message));
    }

    void warning(SourcePos pos, String message) {
        list.add(Diagnostic.warning(pos, message));
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Diagnostic::isError);
    }
}

package dev.fulcrum.conf;

/**
 * One finding about a configuration. Returned rather than logged or thrown so that {@code fulcrum
 * check}, the daemon's reload path and tests all see the same list.
 */
public record Diagnostic(Severity severity, SourcePos pos, String message) {
    public static Diagnostic error(SourcePos pos, String message) {
        return new Diagnostic(Severity.ERROR, pos, message);
    }

    public static Diagnostic warning(SourcePos pos, String message) {
        return new Diagnostic(Severity.WARNING, pos, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COL: error|warning: message}, the shape compilers use and editors understand. */
    @Override
    public String toString() {
        return pos + ": " + severity.label() + ": " + message;
    }
}

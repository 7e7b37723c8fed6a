package dev.fulcrum.conf;

/** How bad a diagnostic is; only errors make a configuration unusable (unless checking strictly). */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return this == ERROR ? "error" : "warning";
    }
}

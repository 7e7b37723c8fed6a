package dev.fulcrum.app.cli;

/** The CLI's exit codes, fixed because operators' scripts and systemd depend on them. */
public final class ExitCode {
    public static final int OK = 0;
    /** The command ran and failed, e.g. an invalid configuration. */
    public static final int FAILURE = 1;
    /** The command line itself was wrong. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}

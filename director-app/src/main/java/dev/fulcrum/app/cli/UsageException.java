package dev.fulcrum.app.cli;

/** A malformed command line; carries the one-line reason printed above the usage text. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}

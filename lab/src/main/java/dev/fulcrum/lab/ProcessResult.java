package dev.fulcrum.lab;

import java.util.List;

/** What a finished lab command produced; tests assert on it and print it when they fail. */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** Throws with the whole transcript when the command failed, so a broken lab is never silent. */
    public ProcessResult orThrow() {
        if (exitCode != 0) {
            throw new IllegalStateException(this.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}

package dev.fulcrum.conf.model;

import java.util.Optional;

/**
 * A command line to run (notify, quorum_up, misc_path ...), kept as the operator wrote it (one string,
 * shell-like words) with the optional user to run it as.
 */
public record Script(String command, Optional<ScriptUser> user) {
    public static Script of(String command) {
        return new Script(command, Optional.empty());
    }
}

package dev.fulcrum.conf.model;

import java.util.Optional;

/** The `USER [[:]GROUP]` a script runs as; scripts are the one place config reaches outside the daemon. */
public record ScriptUser(String user, Optional<String> group) {
}

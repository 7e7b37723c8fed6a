package dev.fulcrum.app.cli;

import java.util.Set;

/** Placeholder for `fulcrum reload` until its issue lands: the command line is final, the work is not. */
final class ReloadCommand extends PlannedCommand {
    ReloadCommand() {
        super("reload", "reload the running director's configuration (as SIGHUP)", "usage: fulcrum reload [--socket PATH]\n", Set.of("--socket"), Set.of(), 0);
    }

}

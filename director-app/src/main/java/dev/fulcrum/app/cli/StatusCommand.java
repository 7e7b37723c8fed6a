package dev.fulcrum.app.cli;

import java.util.Set;

/** Placeholder for `fulcrum status` until its issue lands: the command line is final, the work is not. */
final class StatusCommand extends PlannedCommand {
    StatusCommand() {
        super("status", "show the running director's state", "usage: fulcrum status [--json] [--socket PATH]\n", Set.of("--socket"), Set.of("--json"), 0);
    }

}

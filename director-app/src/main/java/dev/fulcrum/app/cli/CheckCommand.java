package dev.fulcrum.app.cli;

import java.util.Set;

/** Placeholder for `fulcrum check` until its issue lands: the command line is final, the work is not. */
final class CheckCommand extends PlannedCommand {
    CheckCommand() {
        super("check", "validate a keepalived.conf and print diagnostics", "usage: fulcrum check -f FILE [--id ID] [--strict]\n  exits 0 when valid (warnings allowed), 1 on errors\n  --strict   treat warnings as errors\n", Set.of("-f", "--id"), Set.of("--strict"), 0);
    }

    @Override
    void checkRequired(Args a) throws UsageException {
        a.required("-f");
    }
}

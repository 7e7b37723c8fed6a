package dev.fulcrum.app.cli;

import java.util.Set;

/** Placeholder for `fulcrum dump` until its issue lands: the command line is final, the work is not. */
final class DumpCommand extends PlannedCommand {
    DumpCommand() {
        super("dump", "print the effective configuration in keepalived syntax", "usage: fulcrum dump -f FILE [--id ID]\n", Set.of("-f", "--id"), Set.of(), 0);
    }

    @Override
    void checkRequired(Args a) throws UsageException {
        a.required("-f");
    }
}

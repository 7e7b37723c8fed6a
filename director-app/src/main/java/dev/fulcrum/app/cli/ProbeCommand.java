package dev.fulcrum.app.cli;

import java.util.Set;

/** Placeholder for `fulcrum probe` until its issue lands: the command line is final, the work is not. */
final class ProbeCommand extends PlannedCommand {
    ProbeCommand() {
        super("probe", "run every health checker of a config once and print the results", "usage: fulcrum probe -f FILE [--id ID] [--server IP:PORT] [--json]\n", Set.of("-f", "--id", "--server"), Set.of("--json"), 0);
    }

    @Override
    void checkRequired(Args a) throws UsageException {
        a.required("-f");
    }
}

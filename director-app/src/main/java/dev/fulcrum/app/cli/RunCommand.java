package dev.fulcrum.app.cli;

import java.util.Set;

/** Placeholder for `fulcrum run` until its issue lands: the command line is final, the work is not. */
final class RunCommand extends PlannedCommand {
    RunCommand() {
        super("run", "run the director (VRRP, health checks, IPVS reconciler)", "usage: fulcrum run -f FILE [--id ID] [--settings FILE]\n  -f FILE          keepalived.conf to run\n  --id ID          selects @id conditional lines (default: short hostname)\n  --settings FILE  HOCON daemon settings overriding reference.conf\n", Set.of("-f", "--id", "--settings"), Set.of(), 0);
    }

    @Override
    void checkRequired(Args a) throws UsageException {
        a.required("-f");
    }
}

package dev.fulcrum.app.cli;

import java.util.Set;

/** Placeholder for `fulcrum ipvs` until its issue lands: the command line is final, the work is not. */
final class IpvsCommand extends PlannedCommand {
    IpvsCommand() {
        super("ipvs", "show or reconcile the kernel IPVS table", "usage: fulcrum ipvs list [-n] [--stats|--rate] [--exact]\n       fulcrum ipvs apply -f FILE [--id ID]\n       fulcrum ipvs clear\n", Set.of("-f", "--id"), Set.of("-n", "--stats", "--rate", "--exact"), 1);
    }

}

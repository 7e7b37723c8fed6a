package dev.fulcrum.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * A command whose command line is fixed but whose work is not in this build yet: it validates its
 * arguments like the real one will, then says plainly that it cannot act, with exit code 1.
 */
abstract class PlannedCommand implements Command {
    private final String name;
    private final String summary;
    private final String usage;
    private final Set<String> valued;
    private final Set<String> flags;
    private final int maxPositional;

    PlannedCommand(String name, String summary, String usage, Set<String> valued, Set<String> flags, int maxPositional) {
        this.name = name;
        this.summary = summary;
        this.usage = usage;
        this.valued = valued;
        this.flags = flags;
        this.maxPositional = maxPositional;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String usage() {
        return usage;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, valued, flags).atMostPositional(maxPositional);
        checkRequired(a);
        err.println("fulcrum " + name + ": not available in this build yet");
        return ExitCode.FAILURE;
    }

    /** Hook for commands whose options are mandatory. */
    void checkRequired(Args a) throws UsageException {
    }
}

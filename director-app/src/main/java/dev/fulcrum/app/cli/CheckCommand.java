package dev.fulcrum.app.cli;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.Severity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code fulcrum check}: validates a keepalived.conf the way the daemon would read it, so a mistake is
 * caught before a reload instead of after. Diagnostics go to stderr as {@code FILE:LINE:COL: ...}.
 */
final class CheckCommand implements Command {
    private static final String USAGE = "usage: fulcrum check -f FILE [--id ID] [--strict]\n"
            + "  exits 0 when valid (warnings allowed), 1 on errors\n"
            + "  --id ID    config-id selecting @ID lines (default: the short hostname)\n"
            + "  --strict   treat warnings as errors\n";

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "validate a keepalived.conf and print diagnostics";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, Set.of("-f", "--id"), Set.of("--strict")).atMostPositional(0);
        Path file = Path.of(a.required("-f"));
        boolean strict = a.flag("--strict");
        LoadOptions opts = a.value("--id").map(LoadOptions::forId).orElseGet(LoadOptions::defaults);
        ConfResult r = KeepalivedConf.load(file, opts);
        int errors = 0;
        int warnings = 0;
        for (Diagnostic d : r.diagnostics()) {
            Diagnostic shown = strict && !d.isError() ? new Diagnostic(Severity.ERROR, d.pos(), d.message()) : d;
            err.println(shown);
            if (shown.isError()) {
                errors++;
            } else {
                warnings++;
            }
        }
        if (errors > 0) {
            err.println(file + ": " + errors + " error(s), " + warnings + " warning(s)");
            return ExitCode.FAILURE;
        }
        out.println(file + ": configuration valid" + (warnings > 0 ? " (" + warnings + " warning(s))" : ""));
        return ExitCode.OK;
    }
}

package dev.fulcrum.app.cli;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.KeepalivedWriter;
import dev.fulcrum.conf.LoadOptions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code fulcrum dump}: prints the effective configuration (includes, parameters, conditionals and
 * defaults applied) in keepalived syntax, so an operator can see what a node will actually run.
 */
final class DumpCommand implements Command {
    private static final String USAGE = "usage: fulcrum dump -f FILE [--id ID]\n"
            + "  prints the effective configuration; diagnostics go to stderr; exits 1 on errors\n"
            + "  --id ID    config-id selecting @ID lines (default: the short hostname)\n";

    @Override
    public String name() {
        return "dump";
    }

    @Override
    public String summary() {
        return "print the effective configuration in keepalived syntax";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, Set.of("-f", "--id"), Set.of()).atMostPositional(0);
        Path file = Path.of(a.required("-f"));
        LoadOptions opts = a.value("--id").map(LoadOptions::forId).orElseGet(LoadOptions::defaults);
        ConfResult r = KeepalivedConf.load(file, opts);
        r.diagnostics().forEach(err::println);
        if (r.config().isEmpty()) {
            return ExitCode.FAILURE;
        }
        out.print(KeepalivedWriter.write(r.config().get()));
        return ExitCode.OK;
    }
}

package dev.fulcrum.app.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code fulcrum} entry point: finds the subcommand in {@link Commands} and maps its outcome to an
 * exit code. Kept free of logic so that every command is testable without a JVM exit.
 */
public final class Fulcrum {
    private final Commands commands;

    public Fulcrum(Commands commands) {
        this.commands = commands;
    }

    public static void main(String[] argv) {
        // jnr-ffi's default binding generates bytecode with ASM, whose Java 5 class files the class-data
        // archive cannot hold: reflection-bound calls cost ~0.3 us more each, which the director's few
        // hundred libc calls a second do not notice, and start-up to the first advert is ~0.1 s shorter on
        // the host (about a second under the VM's emulation). -Djnr.ffi.asm.enabled=true restores it.
        if (System.getProperty("jnr.ffi.asm.enabled") == null) {
            System.setProperty("jnr.ffi.asm.enabled", "false");
        }
        int rc = new Fulcrum(Commands.standard()).execute(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        // `run` returns only once the director has stopped; lingering library threads must not keep the process
        System.exit(rc);
    }

    public int execute(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty()) {
            err.print(commands.help());
            return ExitCode.USAGE;
        }
        String first = argv.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            if (argv.size() > 1) {
                Optional<Command> c = commands.find(argv.get(1));
                if (c.isEmpty()) {
                    err.println("fulcrum: unknown command '" + argv.get(1) + "'");
                    return ExitCode.USAGE;
                }
                out.print(c.get().usage());
                return ExitCode.OK;
            }
            out.print(commands.help());
            return ExitCode.OK;
        }
        if (first.equals("--version")) {
            first = "version";
        }
        Optional<Command> cmd = commands.find(first);
        if (cmd.isEmpty()) {
            err.println("fulcrum: unknown command '" + first + "'");
            err.print(commands.help());
            return ExitCode.USAGE;
        }
        List<String> rest = argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(cmd.get().usage());
            return ExitCode.OK;
        }
        try {
            return cmd.get().run(rest, out, err);
        } catch (UsageException e) {
            err.println("fulcrum " + cmd.get().name() + ": " + e.getMessage());
            err.print(cmd.get().usage());
            return ExitCode.USAGE;
        } catch (RuntimeException e) {
            err.println("fulcrum " + cmd.get().name() + ": internal error: " + e);
            return ExitCode.FAILURE;
        }
    }
}

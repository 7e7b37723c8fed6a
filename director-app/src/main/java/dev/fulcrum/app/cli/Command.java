package dev.fulcrum.app.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One `fulcrum` subcommand. Commands never call {@code System.exit}; they return an exit code so the
 * CLI can be tested in-process and so the daemon's shutdown hooks stay in charge of the process.
 */
public interface Command {
    /** The word that selects this command, e.g. {@code check}. */
    String name();

    /** One line for {@code fulcrum --help}. */
    String summary();

    /** The full usage text, printed for {@code fulcrum help NAME} and on a usage error. */
    String usage();

    /**
     * Runs the command.
     *
     * @return an {@link ExitCode} value
     * @throws UsageException when the arguments are malformed; the CLI prints the usage and exits 2
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws UsageException;
}

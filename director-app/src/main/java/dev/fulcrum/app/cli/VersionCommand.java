package dev.fulcrum.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Prints the build's version, so that an operator can tell which build a director runs. */
final class VersionCommand implements Command {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "print the version";
    }

    @Override
    public String usage() {
        return "usage: fulcrum version\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args.parse(args, Set.of(), Set.of()).atMostPositional(0);
        out.println("fulcrum " + version() + " (java " + Runtime.version() + ")");
        return ExitCode.OK;
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/fulcrum-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}

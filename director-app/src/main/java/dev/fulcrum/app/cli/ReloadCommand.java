package dev.fulcrum.app.cli;

import dev.fulcrum.app.control.ControlClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `fulcrum reload`: the same as SIGHUP, but the operator sees the outcome — the new generation, or the
 * diagnostics that made the director keep its running configuration.
 */
final class ReloadCommand implements Command {
    @Override
    public String name() {
        return "reload";
    }

    @Override
    public String summary() {
        return "reload the running director's configuration (as SIGHUP)";
    }

    @Override
    public String usage() {
        return "usage: fulcrum reload [--socket PATH | --settings FILE]\n"
                + "  exits 0 when the new configuration is running, 1 when it was refused (the old one keeps running)\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, Set.of("--socket", "--settings"), Set.of()).atMostPositional(0);
        Path socket = ControlSocketPath.resolve(a.value("--socket"), a.value("--settings"));
        Map<String, Object> reply;
        try {
            reply = ControlClient.request(socket, Map.of("cmd", "reload"));
        } catch (IOException e) {
            err.println("fulcrum reload: no director answering on " + socket + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        if (reply.get("diagnostics") instanceof List<?> diags) {
            diags.forEach(d -> err.println(d));
        }
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            err.println("fulcrum reload: refused, still running generation " + reply.get("generation") + ": " + reply.get("error"));
            return ExitCode.FAILURE;
        }
        out.println("reloaded: generation " + reply.get("generation") + " " + reply.getOrDefault("summary", ""));
        return ExitCode.OK;
    }
}

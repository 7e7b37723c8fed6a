package dev.fulcrum.app.cli;

import dev.fulcrum.app.control.ControlClient;
import dev.fulcrum.app.control.Json;
import dev.fulcrum.app.status.StatusText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** `fulcrum status`: asks the running director for its state over the control socket. */
final class StatusCommand implements Command {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "show the running director's state";
    }

    @Override
    public String usage() {
        return "usage: fulcrum status [--json] [--socket PATH | --settings FILE]\n"
                + "  --json           the status document as JSON\n"
                + "  --socket PATH    control socket (default: from the daemon settings)\n"
                + "  --settings FILE  the daemon settings file the director runs with\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, Set.of("--socket", "--settings"), Set.of("--json")).atMostPositional(0);
        Path socket = ControlSocketPath.resolve(a.value("--socket"), a.value("--settings"));
        Map<String, Object> reply;
        try {
            reply = ControlClient.request(socket, Map.of("cmd", "status"));
        } catch (IOException e) {
            err.println("fulcrum status: no director answering on " + socket + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            err.println("fulcrum status: " + reply.get("error"));
            return ExitCode.FAILURE;
        }
        out.println(a.flag("--json") ? Json.pretty(reply) : StatusText.render(reply));
        return ExitCode.OK;
    }
}

package dev.fulcrum.app.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one place where subcommands are registered; {@code --help} lists them in this order. */
public final class Commands {
    private final Map<String, Command> byName = new LinkedHashMap<>();

    public Commands(List<Command> commands) {
        for (Command c : commands) {
            if (byName.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("duplicate command " + c.name());
            }
        }
    }

    public static Commands standard() {
        return new Commands(List.of(
                new RunCommand(),
                new CheckCommand(),
                new DumpCommand(),
                new ProbeCommand(),
                new IpvsCommand(),
                new StatusCommand(),
                new ReloadCommand(),
                new VersionCommand()));
    }

    public Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Command> all() {
        return List.copyOf(byName.values());
    }

    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: fulcrum <command> [options]\n\n");
        sb.append("Fulcrum: a high-availability IPVS director driven by keepalived.conf.\n\ncommands:\n");
        for (Command c : byName.values()) {
            sb.append(String.format("  %-9s %s%n", c.name(), c.summary()));
        }
        sb.append("\n'fulcrum help COMMAND' or 'fulcrum COMMAND --help' shows a command's options.\n");
        sb.append("exit codes: 0 ok, 1 failure, 2 usage error\n");
        return sb.toString();
    }
}

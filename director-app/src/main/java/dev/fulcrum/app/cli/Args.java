package dev.fulcrum.app.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed command line: options that take a value, boolean flags and positional words. Each command
 * declares which options it knows, so a typo is a usage error instead of being silently ignored.
 */
public final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * Parses {@code argv}.
     *
     * @param valued option names that take a value, e.g. {@code "-f", "--id"}; {@code --opt=value} is accepted too
     * @param booleans option names that are plain flags
     */
    public static Args parse(List<String> argv, Set<String> valued, Set<String> booleans) throws UsageException {
        Args a = new Args();
        boolean onlyPositional = false;
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (onlyPositional || !w.startsWith("-") || w.equals("-")) {
                a.positional.add(w);
                continue;
            }
            if (w.equals("--")) {
                onlyPositional = true;
                continue;
            }
            String name = w;
            String inline = null;
            int eq = w.indexOf('=');
            if (w.startsWith("--") && eq > 2) {
                name = w.substring(0, eq);
                inline = w.substring(eq + 1);
            }
            if (valued.contains(name)) {
                String v = inline;
                if (v == null) {
                    if (i + 1 >= argv.size()) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    v = argv.get(++i);
                }
                a.values.put(name, v);
            } else if (booleans.contains(name) && inline == null) {
                a.flags.add(name);
            } else {
                throw new UsageException("unknown option " + w);
            }
        }
        return a;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String required(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing required option " + name);
        }
        return v;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    /** Fails when more positional words were given than the command accepts. */
    public Args atMostPositional(int n) throws UsageException {
        if (positional.size() > n) {
            throw new UsageException("unexpected argument " + positional.get(n));
        }
        return this;
    }
}

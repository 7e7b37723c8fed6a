package dev.fulcrum.app.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the CLI looks for a running director's control socket: {@code --socket}, else
 * {@code $FULCRUM_SOCKET}, else the daemon's default (the state directory's {@code control.sock}).
 */
final class ControlSocketPath {
    static final Path DEFAULT = Path.of("/var/lib/fulcrum/control.sock");

    private ControlSocketPath() {
    }

    static Path resolve(Optional<String> option) {
        if (option.isPresent()) {
            return Path.of(option.get());
        }
        String env = System.getenv("FULCRUM_SOCKET");
        return env != null && !env.isBlank() ? Path.of(env) : DEFAULT;
    }
}

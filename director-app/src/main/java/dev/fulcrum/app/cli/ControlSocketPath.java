package dev.fulcrum.app.cli;

import dev.fulcrum.conf.settings.SettingsLoader;
import dev.fulcrum.conf.settings.SettingsResult;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the CLI finds a running director's control socket: {@code --socket}, else the daemon settings
 * the director itself reads ({@code --settings FILE}, {@code -Dfulcrum.control.socket},
 * {@code FULCRUM_CONTROL_SOCKET}, then reference.conf), so the two sides never disagree.
 */
final class ControlSocketPath {
    private ControlSocketPath() {
    }

    static Path resolve(Optional<String> socket, Optional<String> settingsFile) throws UsageException {
        if (socket.isPresent()) {
            return Path.of(socket.get());
        }
        SettingsResult r = SettingsLoader.load(settingsFile.map(Path::of));
        if (r.settings().isEmpty()) {
            throw new UsageException("invalid settings: " + r.diagnostics());
        }
        return r.settings().get().controlSocket();
    }
}

package dev.fulcrum.lab;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project checkout from inside a test JVM, so fixtures can call the lab scripts no matter
 * which module's directory Maven started the test in.
 */
public final class LabPaths {
    private LabPaths() {
    }

    /** The reactor root: {@code -Dfulcrum.projectDir}, else the nearest ancestor holding {@code lab/netns-lab.sh}. */
    public static Path projectDir() {
        String prop = System.getProperty("fulcrum.projectDir");
        if (prop != null && !prop.isBlank() && Files.isRegularFile(Path.of(prop, "lab", "netns-lab.sh"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("lab").resolve("netns-lab.sh"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the Fulcrum checkout (lab/netns-lab.sh) above "
                + Path.of("").toAbsolutePath() + "; set -Dfulcrum.projectDir");
    }

    public static Path script(String name) {
        return projectDir().resolve("lab").resolve(name);
    }
}

package dev.fulcrum.conf;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What a load depends on besides the files: the config-id that selects {@code @id} lines (keepalived's
 * {@code -i}) and the environment seen by {@code ${_ENV VAR}}. Explicit so that tests and
 * {@code fulcrum check --id lb2} evaluate a file exactly as the daemon on lb2 would.
 */
public record LoadOptions(String configId, Map<String, String> environment, long randomSeed) {

    public LoadOptions {
        environment = Map.copyOf(environment);
    }

    /** The short hostname as config-id, the process environment. */
    public static LoadOptions defaults() {
        return new LoadOptions(shortHostname(), System.getenv(), System.nanoTime());
    }

    public static LoadOptions forId(String configId) {
        return new LoadOptions(configId, System.getenv(), System.nanoTime());
    }

    public LoadOptions withConfigId(String id) {
        return new LoadOptions(id, environment, randomSeed);
    }

    public LoadOptions withEnvironment(Map<String, String> env) {
        return new LoadOptions(configId, env, randomSeed);
    }

    /** The first label of the node name (uname), as keepalived derives its default config-id. */
    public static String shortHostname() {
        String name = "";
        try {
            name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: fall back below
        }
        if (name.isEmpty()) {
            name = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("");
        }
        if (name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                name = "localhost";
            }
        }
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

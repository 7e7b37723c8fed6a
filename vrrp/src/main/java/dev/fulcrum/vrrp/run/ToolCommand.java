package dev.fulcrum.vrrp.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a system tool (ip, nft) with a bounded wait. The VRRP edges shell out only where no netlink
 * path exists yet or for a fallback, and a hung tool must cost a precise error, never a stuck loop thread.
 *
 * @param exit the tool's exit status
 * @param output its standard output and error, trimmed
 */
record ToolCommand(int exit, String output) {

    /** Runs {@code cmd}, feeds it {@code stdin} (may be empty), and waits at most {@code timeout}. */
    static ToolCommand run(List<String> cmd, String stdin, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (!stdin.isEmpty()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new ToolCommand(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }
}

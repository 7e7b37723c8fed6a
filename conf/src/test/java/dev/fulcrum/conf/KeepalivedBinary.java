package dev.fulcrum.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: the real {@code keepalived -t}, run in a fresh network namespace ({@code unshare -n})
 * holding bridges eth0..eth3, so that its interface checks do not depend on the host.
 */
public final class KeepalivedBinary {
    public static final Path PATH = Path.of("/usr/sbin/keepalived");

    /** Exit status and combined output of one {@code keepalived -t}. */
    public record Run(int rc, String output) {
        public boolean valid() {
            return rc == 0;
        }
    }

    private KeepalivedBinary() {
    }

    public static boolean installed() {
        return Files.isExecutable(PATH);
    }

    public static Run check(Path file, String configId) throws IOException, InterruptedException {
        int rc;
        String output;
        int attempt = 0;
        do {
            ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "sh", "-c",
                    "for i in eth0 eth1 eth2 eth3; do ip link add $i type bridge && ip link set $i up || exit 99; done; "
                            + "exec " + PATH + " -t -l -n -i " + configId + " -f \"$0\"", file.toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keepalived -t did not finish in 20 s on " + file);
            }
            rc = p.exitValue();
            // keepalived 2.2.7 on Debian 12 may be killed by its own SIGTERM with rc 143 (#2587, fixed in 2.2.8)
        } while (rc == 143 && ++attempt < 3);
        if (rc == 99) {
            throw new IOException("cannot create test interfaces in a network namespace (needs root and 'unshare -n'): " + output);
        }
        return new Run(rc, output);
    }
}

package dev.fulcrum.ipvs.kernel;

import dev.fulcrum.lab.ProcessResult;
import dev.fulcrum.lab.Processes;
import java.time.Duration;
import java.util.List;

/** Runs a tool inside the VM with a bounded time; fails loudly with its transcript. */
final class Lab {
    private Lab() {
    }

    static String sh(String script) {
        ProcessResult r = Processes.run(List.of("/bin/sh", "-c", script), Duration.ofSeconds(120));
        if (!r.ok()) {
            throw new IllegalStateException("'" + script + "' failed: " + r);
        }
        return r.stdout();
    }

    static ProcessResult shAllowFail(String script) {
        return Processes.run(List.of("/bin/sh", "-c", script), Duration.ofSeconds(120));
    }
}

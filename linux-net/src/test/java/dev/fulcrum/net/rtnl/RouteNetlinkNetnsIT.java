package dev.fulcrum.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.lab.ProcessResult;
import dev.fulcrum.lab.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Address add/remove, dumps and events in a network namespace created for the test, proven with
 * iproute2. The JVM under test runs inside the namespace ({@code ip netns exec}).
 */
@Tag("netns")
class RouteNetlinkNetnsIT {
    static ProcessResult sh(String script) {
        return Processes.run(List.of("/bin/sh", "-c", script), Duration.ofSeconds(60));
    }

    @Test
    void addsAndRemovesVipsAndSeesEventsInsideANamespace() {
        String ns = "fnl" + ProcessHandle.current().pid();
        try {
            sh("ip netns add " + ns + " && ip -n " + ns + " link add fd0 type veth peer name fd1"
                    + " && ip -n " + ns + " link set fd1 up && ip -n " + ns + " link set fd0 up").orThrow();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessResult r = Processes.run(List.of("ip", "netns", "exec", ns, java, "-cp", System.getProperty("java.class.path"),
                    RtnlNetnsProbe.class.getName(), "fd0"), Duration.ofSeconds(120));
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().contains("ALL PASS"), r.stdout());
            assertEquals(13, r.stdout().lines().filter(l -> l.startsWith("PASS ")).count(), r.stdout());
        } finally {
            sh("ip netns del " + ns);
        }
    }
}

package dev.fulcrum.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the kernel layer's harness: IPVS is there, and a service programmed with ipvsadm reads back. */
@KernelTest
class KernelHarnessIT {
    static final String NS = "harness" + ProcessHandle.current().pid();

    @BeforeAll
    static void freshNamespace() {
        // IPVS state is per network namespace: work in a fresh one, never in the initial one
        Processes.run(List.of("ip", "netns", "add", NS), Duration.ofSeconds(10)).orThrow();
        // with lo down the kernel classifies no address as unicast and refuses every destination (EINVAL)
        Processes.run(List.of("ip", "-n", NS, "link", "set", "lo", "up"), Duration.ofSeconds(10)).orThrow();
    }

    @AfterAll
    static void removeNamespace() {
        Processes.run(List.of("ip", "netns", "del", NS), Duration.ofSeconds(10));
    }

    @Test
    void procNetIpVsExists() throws Exception {
        assertTrue(Files.exists(Path.of("/proc/net/ip_vs")));
        assertTrue(Files.readString(Path.of("/proc/net/ip_vs")).startsWith("IP Virtual Server version"));
    }

    @Test
    void aServiceProgrammedWithIpvsadmReadsBack() {
        run("ipvsadm", "-A", "-t", "192.0.2.100:80", "-s", "wrr");
        run("ipvsadm", "-a", "-t", "192.0.2.100:80", "-r", "192.0.2.11:80", "-m", "-w", "3");
        String saved = run("ipvsadm", "-S", "-n").stdout();
        assertEquals(List.of("-A -t 192.0.2.100:80 -s wrr", "-a -t 192.0.2.100:80 -r 192.0.2.11:80 -m -w 3"),
                saved.lines().toList());
        run("ipvsadm", "-C");
        assertEquals("", run("ipvsadm", "-S", "-n").stdout());
    }

    @Test
    void theWorkDirectoryIsSharedReadWrite() throws Exception {
        Path f = Path.of("target", "kernel-vm", "written-in-vm.txt");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "ok");
        assertEquals("ok", Files.readString(f));
    }

    private static ProcessResult run(String... cmd) {
        List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", NS));
        full.addAll(List.of(cmd));
        return Processes.run(full, Duration.ofSeconds(30)).orThrow();
    }
}

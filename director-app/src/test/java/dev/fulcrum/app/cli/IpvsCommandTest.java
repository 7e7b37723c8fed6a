package dev.fulcrum.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ipvs command's argument handling and its failure messages on a kernel without IPVS. */
class IpvsCommandTest {
    static CliRun run(String... argv) {
        return CliRun.of(argv);
    }

    @Test
    void usageErrorsNameTheProblem() {
        CliRun r = run("ipvs");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("missing subcommand"), r.err());
        r = run("ipvs", "frob");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("unknown subcommand 'frob'"), r.err());
        r = run("ipvs", "list", "--stats", "--rate");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("--stats and --rate exclude each other"), r.err());
        r = run("ipvs", "apply");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("missing required option -f"), r.err());
        r = run("ipvs", "clear", "--stats");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("option --stats does not apply to 'clear'"), r.err());
        assertTrue(r.err().contains("usage: fulcrum ipvs list"), r.err());
    }

    @Test
    void withoutKernelIpvsEverySubcommandSaysSoInOneLine(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/proc/net/ip_vs")), "this kernel has IPVS");
        Path conf = dir.resolve("k.conf");
        Files.writeString(conf, "virtual_server 192.0.2.1 80 {\n  lvs_sched rr\n  lvs_method NAT\n  protocol TCP\n  real_server 10.0.0.1 80 {\n  }\n}\n");
        for (String[] argv : List.of(new String[] {"ipvs", "list", "-n"}, new String[] {"ipvs", "apply", "-f", conf.toString()},
                new String[] {"ipvs", "clear"})) {
            CliRun r = run(argv);
            assertEquals(ExitCode.FAILURE, r.code(), String.join(" ", argv));
            assertEquals("fulcrum ipvs: kernel IPVS not available: load ip_vs\n", r.err(), String.join(" ", argv));
            assertEquals("", r.out());
        }
    }

    @Test
    void applyRefusesAnUnreadableOrInvalidFileBeforeTouchingTheKernel(@TempDir Path dir) throws Exception {
        CliRun r = run("ipvs", "apply", "-f", dir.resolve("missing.conf").toString());
        assertEquals(ExitCode.FAILURE, r.code());
        assertTrue(r.err().contains("cannot read"), r.err());
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "virtual_server 192.0.2.1 80 {\n  lvs_sched rr\n  real_server {\n}\n");
        r = run("ipvs", "apply", "-f", bad.toString());
        assertEquals(ExitCode.FAILURE, r.code());
        assertTrue(r.err().contains("has errors; nothing applied"), r.err());
    }
}

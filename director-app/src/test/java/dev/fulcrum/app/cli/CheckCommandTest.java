package dev.fulcrum.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {
    static final String VALID = """
            global_defs {
                router_id t
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                @lb1 priority 150
                @lb2 priority 100
                virtual_ipaddress {
                    192.0.2.50/24 dev eth0
                }
            }
            virtual_server 192.0.2.50 80 {
                lvs_sched rr
                lvs_method NAT
                protocol TCP
                real_server 198.51.100.1 80 {
                    TCP_CHECK {
                    }
                }
            }
            """;

    record Run(int rc, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Fulcrum(Commands.standard()).execute(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validFileExitsZero(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.conf"), VALID);
        Run r = run("check", "-f", f.toString(), "--id", "lb1");
        assertEquals(ExitCode.OK, r.rc(), r.err());
        assertTrue(r.out().contains("configuration valid"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void errorsGoToStderrWithPositionAndExitOne(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.conf"), VALID.replace("virtual_router_id 51", "virtual_router_id 0"));
        Run r = run("check", "-f", f.toString(), "--id", "lb1");
        assertEquals(ExitCode.FAILURE, r.rc());
        assertTrue(r.err().contains(f + ":7:23: error: number '0' outside range [1, 255]"), r.err());
    }

    @Test
    void warningsPassUnlessStrict(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.conf"), VALID.replace("state BACKUP", "state BACKUP\n    advert_intt 1"));
        Run lax = run("check", "-f", f.toString(), "--id", "lb1");
        assertEquals(ExitCode.OK, lax.rc());
        assertTrue(lax.err().contains(": warning: unknown keyword 'advert_intt'; did you mean advert_int?"), lax.err());
        Run strict = run("check", "-f", f.toString(), "--id", "lb1", "--strict");
        assertEquals(ExitCode.FAILURE, strict.rc());
        assertTrue(strict.err().contains(": error: unknown keyword 'advert_intt'"), strict.err());
    }

    @Test
    void idSelectsConditionalLines(@TempDir Path dir) throws Exception {
        // without any @-line for lb3 the instance has no priority line: still valid (default 100)
        Path f = Files.writeString(dir.resolve("k.conf"), VALID.replace("@lb2 priority 100", "@lb2 priority 900"));
        assertEquals(ExitCode.OK, run("check", "-f", f.toString(), "--id", "lb1").rc());
        Run lb2 = run("check", "-f", f.toString(), "--id", "lb2");
        assertEquals(ExitCode.FAILURE, lb2.rc());
        assertTrue(lb2.err().contains("number '900' outside range"), lb2.err());
    }

    @Test
    void missingFileIsAFailureNotAUsageError(@TempDir Path dir) {
        Run r = run("check", "-f", dir.resolve("absent.conf").toString());
        assertEquals(ExitCode.FAILURE, r.rc());
        assertTrue(r.err().contains("cannot read configuration file"), r.err());
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCode.USAGE, run("check").rc());
        assertEquals(ExitCode.USAGE, run("check", "-f").rc());
        assertEquals(ExitCode.USAGE, run("check", "-f", "x", "--bogus").rc());
        assertEquals(ExitCode.USAGE, run("check", "-f", "x", "extra").rc());
        assertTrue(run("check", "--help").out().startsWith("usage: fulcrum check -f FILE [--id ID] [--strict]"));
    }
}

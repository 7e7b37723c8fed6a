package dev.fulcrum.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpCommandTest {
    @Test
    void printsTheEffectiveConfigurationWithDefaultsAndConditionals(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.conf"), "$IF=eth3\n" + CheckCommandTest.VALID.replace("interface eth0", "interface $IF"));
        CheckCommandTest.Run r = CheckCommandTest.run("dump", "-f", f.toString(), "--id", "lb2");
        assertEquals(ExitCode.OK, r.rc(), r.err());
        assertTrue(r.out().contains("interface eth3"), "parameters are expanded");
        assertTrue(r.out().contains("priority 100"), "the lb2 line is selected");
        assertFalse(r.out().contains("priority 150"));
        assertTrue(r.out().contains("delay_loop 60"), "defaults are written out");
        assertTrue(r.out().contains("retry 1"), "checker defaults are resolved");
    }

    @Test
    void dumpParseDumpIsStable(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.conf"), CheckCommandTest.VALID);
        CheckCommandTest.Run first = CheckCommandTest.run("dump", "-f", f.toString(), "--id", "lb1");
        Path again = Files.writeString(dir.resolve("dumped.conf"), first.out());
        CheckCommandTest.Run check = CheckCommandTest.run("check", "-f", again.toString(), "--strict");
        assertEquals(ExitCode.OK, check.rc(), check.err());
        CheckCommandTest.Run second = CheckCommandTest.run("dump", "-f", again.toString(), "--id", "other");
        assertEquals(first.out(), second.out());
    }

    @Test
    void invalidFileExitsOneAndPrintsNothingOnStdout(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.conf"), CheckCommandTest.VALID.replace("192.0.2.50/24", "192.0.2.500/24"));
        CheckCommandTest.Run r = CheckCommandTest.run("dump", "-f", f.toString());
        assertEquals(ExitCode.FAILURE, r.rc());
        assertEquals("", r.out());
        assertTrue(r.err().contains("error: invalid IP address '192.0.2.500/24'"), r.err());
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCode.USAGE, CheckCommandTest.run("dump").rc());
        assertEquals(ExitCode.USAGE, CheckCommandTest.run("dump", "-f", "x", "--strict").rc());
    }
}

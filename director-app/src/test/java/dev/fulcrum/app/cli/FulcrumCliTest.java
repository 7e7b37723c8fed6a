package dev.fulcrum.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FulcrumCliTest {
    static CliRun run(String... argv) {
        return CliRun.of(argv);
    }

    @Test
    void helpListsEveryRegisteredCommandAndExitsZero() {
        CliRun r = run("--help");
        assertEquals(ExitCode.OK, r.code());
        for (Command c : Commands.standard().all()) {
            assertTrue(r.out().contains("  " + c.name() + " "), "help lists " + c.name() + ":\n" + r.out());
        }
        for (String required : List.of("run", "check", "dump", "probe", "ipvs", "status", "version")) {
            assertTrue(Commands.standard().find(required).isPresent(), required + " is registered");
        }
    }

    @Test
    void noArgumentsIsAUsageError() {
        CliRun r = run();
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("usage: fulcrum"));
    }

    @Test
    void unknownCommandIsAUsageErrorNamingTheWord() {
        CliRun r = run("frobnicate");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("unknown command 'frobnicate'"));
    }

    @Test
    void versionPrintsTheBuildVersion() {
        CliRun r = run("version");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().matches("fulcrum \\S+ \\(java .*\\)\\R"), r.out());
        assertEquals(r.out(), run("--version").out());
    }

    @Test
    void everyCommandPrintsItsUsageOnAnUnknownOption() {
        for (Command c : Commands.standard().all()) {
            CliRun r = run(c.name(), "--no-such-option");
            assertEquals(ExitCode.USAGE, r.code(), c.name());
            assertTrue(r.err().contains("unknown option --no-such-option"), c.name() + ": " + r.err());
            assertTrue(r.err().contains("usage: fulcrum " + c.name()), c.name() + ": " + r.err());
        }
    }

    @Test
    void missingValueAndMissingRequiredOptionAreUsageErrors() {
        CliRun r = run("check", "-f");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("option -f needs a value"), r.err());
        r = run("check");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("missing required option -f"), r.err());
    }

    @Test
    void commandHelpGoesToStdoutWithExitZero() {
        CliRun r = run("help", "check");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().startsWith("usage: fulcrum check"));
        assertEquals(r.out(), run("check", "--help").out());
        assertEquals(ExitCode.USAGE, run("help", "nope").code());
    }

    @Test
    void argsParserAcceptsInlineValuesAndDoubleDash() throws Exception {
        Args a = Args.parse(List.of("--id=lb1", "-f", "x.conf", "--", "--literal"),
                java.util.Set.of("--id", "-f"), java.util.Set.of());
        assertEquals("lb1", a.value("--id").orElseThrow());
        assertEquals("x.conf", a.required("-f"));
        assertEquals(List.of("--literal"), a.positional());
    }
}

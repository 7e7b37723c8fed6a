package dev.fulcrum.vrrp.spec;

import static dev.fulcrum.vrrp.spec.ArgumentMatch.ANY;
import static dev.fulcrum.vrrp.spec.ArgumentMatch.EXACT;
import static dev.fulcrum.vrrp.spec.ArgumentMatch.INITIAL;
import static dev.fulcrum.vrrp.spec.ArgumentMatch.PARTIAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.vrrp.spec.TrackProcessSpec.Cmdline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's {@code param_match} rules, byte for byte ({@code \0} ends every argument). */
class ArgumentMatchTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean m(ArgumentMatch mode, String configured, String running) {
        return mode.matches(b(configured), b(running));
    }

    @Test
    void argumentsAreEncodedEachFollowedByANul() {
        assertArrayEquals(b("-c\0sleep 1000\0"), ArgumentMatch.encode(List.of("-c", "sleep 1000")));
        assertArrayEquals(b("\0"), ArgumentMatch.encode(List.of("")));
        assertArrayEquals(new byte[0], ArgumentMatch.encode(List.of()));
    }

    @Test
    void withoutAModeArgumentsAreNotLookedAt() {
        assertTrue(m(ANY, "", ""));
        assertTrue(m(ANY, "", "anything\0"));
        assertTrue(m(ANY, "1000\0", ""), "ANY never compares, whatever is configured");
    }

    @Test
    void exactWithNothingConfiguredWantsAProcessWithoutArguments() {
        assertTrue(m(EXACT, "", ""));
        assertFalse(m(EXACT, "", "1000\0"));
        assertFalse(m(EXACT, "", "\0"), "one empty argument is still an argument");
    }

    @Test
    void initialAndPartialWithNothingConfiguredMatchAnything() {
        for (ArgumentMatch mode : List.of(INITIAL, PARTIAL)) {
            assertTrue(m(mode, "", ""), mode.name());
            assertTrue(m(mode, "", "1000\0x\0"), mode.name());
        }
    }

    @Test
    void aProcessWithFewerBytesNeverMatches() {
        // "ab" without a final NUL (a rewritten cmdline): its bytes agree with the first Lc-1 configured ones
        for (ArgumentMatch mode : List.of(EXACT, PARTIAL, INITIAL)) {
            assertFalse(m(mode, "ab\0", "ab"), mode.name());
            assertFalse(m(mode, "ab\0", ""), mode.name());
            assertFalse(m(mode, "-g\0daemon\0", "-g\0"), mode.name());
        }
    }

    @Test
    void exactWantsTheSameBytesAndLength() {
        assertTrue(m(EXACT, "1000\0", "1000\0"));
        assertFalse(m(EXACT, "1000\0", "10001\0"));
        assertFalse(m(EXACT, "1000\0", "1000\0x\0"), "an extra argument");
        assertFalse(m(EXACT, "1000\0", "1001\0"));
    }

    @Test
    void partialWantsTheFirstArgumentsWholeFinalNulIncluded() {
        assertTrue(m(PARTIAL, "1000\0", "1000\0"));
        assertTrue(m(PARTIAL, "1000\0", "1000\0x\0y\0"), "more arguments may follow");
        assertFalse(m(PARTIAL, "1000\0", "10001\0"), "the final NUL is compared: 1000 is not 10001");
        assertFalse(m(PARTIAL, "-g\0", "-x\0-g\0"), "they must be the first ones");
        assertTrue(m(PARTIAL, "\0", "\0x\0"), "one empty configured argument: the first must be empty");
        assertFalse(m(PARTIAL, "\0", "x\0"));
    }

    @Test
    void initialLetsTheLastConfiguredArgumentBeAPrefix() {
        assertTrue(m(INITIAL, "1000\0", "1000\0"));
        assertTrue(m(INITIAL, "1000\0", "10001\0"), "the final NUL is not compared");
        assertTrue(m(INITIAL, "1000\0", "1000\0x\0"));
        assertTrue(m(INITIAL, "-g\0dae\0", "-g\0daemon off;\0"));
        assertFalse(m(INITIAL, "-g\0dae\0", "-gx\0daemon\0"), "earlier arguments are still whole");
        assertFalse(m(INITIAL, "1000\0", "1001\0"));
        // configured length 1 compares nothing, only the length rule is left
        assertTrue(m(INITIAL, "\0", "x\0"));
        assertTrue(m(INITIAL, "\0", "\0"));
        assertFalse(m(INITIAL, "\0", ""));
    }

    @Test
    void argumentsWithSpacesAreOneArgument() {
        byte[] configured = ArgumentMatch.encode(List.of("-c", "sleep 1000"));
        byte[] oneArg = ArgumentMatch.encode(List.of("-c", "sleep 1000"));
        byte[] twoArgs = ArgumentMatch.encode(List.of("-c", "sleep", "1000"));
        for (ArgumentMatch mode : List.of(EXACT, PARTIAL, INITIAL)) {
            assertTrue(mode.matches(configured, oneArg), mode.name());
            assertFalse(mode.matches(configured, twoArgs), mode.name());
        }
    }

    @Test
    void bytesThatAreNotUtf8AreComparedAsBytes() {
        byte[] running = {'a', (byte) 0xff, 0};
        assertTrue(EXACT.matches(new byte[] {'a', (byte) 0xff, 0}, running));
        assertFalse(EXACT.matches(new byte[] {'a', (byte) 0xfe, 0}, running));
    }

    @Test
    void aCmdlineSplitsAtArgvZerosNul() {
        Cmdline c = Cmdline.parse(b("/usr/bin/sleep\0001000\0"));
        assertEquals("/usr/bin/sleep", c.argv0());
        assertArrayEquals(b("1000\0"), c.args());
        Cmdline kernel = Cmdline.parse(new byte[0]);
        assertNull(kernel.argv0());
        assertEquals(0, kernel.args().length);
        Cmdline retitled = Cmdline.parse(b("nginx: worker process"));
        assertEquals("nginx: worker process", retitled.argv0());
        assertEquals(0, retitled.args().length);
    }

    @Test
    void theSpecAppliesTheModeAndFullCommand() {
        TrackProcessSpec initial = new TrackProcessSpec("t", "sleep", List.of("1000"), true, 0, false, 1, -1, 0, 0, INITIAL);
        TrackProcessSpec partial = new TrackProcessSpec("t", "sleep", List.of("1000"), true, 0, false, 1, -1, 0, 0, PARTIAL);
        assertTrue(initial.matches("sleep", List.of("sleep", "10001")));
        assertFalse(partial.matches("sleep", List.of("sleep", "10001")));
        assertTrue(partial.matches("sleep", List.of("sleep", "1000", "more")));
        assertFalse(partial.matches("sleep", List.of("/bin/sleep", "1000")), "full_command: argv[0] as a whole");
        TrackProcessSpec none = new TrackProcessSpec("t", "sleep", List.of(), false, 0, false, 1, -1, 0, 0, EXACT);
        assertTrue(none.matches("sleep", List.of("/bin/sleep")));
        assertFalse(none.matches("sleep", List.of("/bin/sleep", "5")), "param_match with no arguments: none allowed");
        assertEquals(ANY, new TrackProcessSpec("t", "x", List.of(), false, 0, false, 1, -1, 0, 0).paramMatch());
        assertEquals(EXACT, new TrackProcessSpec("t", "x", List.of("a"), false, 0, false, 1, -1, 0, 0).paramMatch());
    }
}

package dev.fulcrum.healthcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.spec.UrlSpec.RegexMatching;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BodyRegexTest {
    private static BodyRegex.Result find(String regex, RegexMatching m, String body) {
        return new BodyRegex(regex, m).find(body);
    }

    private static RegexMatching window(long min, long max) {
        return new RegexMatching(0, false, min, max);
    }

    @Test
    void offsetsBoundWhereTheMatchStartsNotWhereItEnds() {
        String body = "xx up xx up";
        assertEquals(new BodyRegex.Found(3), find("up", RegexMatching.DEFAULT, body));
        assertEquals(new BodyRegex.Found(3), find("up", window(3, 3), body), "min = max: exactly one start offset");
        assertEquals(new BodyRegex.Found(9), find("up", window(4, Long.MAX_VALUE), body));
        assertEquals(new BodyRegex.NotFound(), find("up", window(4, 8), body), "the next match starts after max");
        assertEquals(new BodyRegex.Found(9), find("up", window(4, 9), body));
        assertEquals(new BodyRegex.Found(3), find("up xx up", window(0, 3), body), "a match may run past max");
        assertEquals(new BodyRegex.NotFound(), find("up", window(100, 200), body), "min beyond the body");
    }

    @Test
    void lookbehindSeesBeforeMinButCaretIsTheBodysStart() {
        assertEquals(new BodyRegex.Found(1), find("(?<=a)b", window(1, Long.MAX_VALUE), "ab"));
        assertEquals(new BodyRegex.NotFound(), find("^b", window(1, Long.MAX_VALUE), "ab"));
        assertEquals(new BodyRegex.Found(2), find("^b", new RegexMatching(Pattern.MULTILINE, false, 1, Long.MAX_VALUE), "a\nb"));
    }

    @Test
    void firstlineBoundsTheStartToTheFirstLineAfterMin() {
        RegexMatching first = new RegexMatching(0, true, 0, Long.MAX_VALUE);
        assertEquals(new BodyRegex.Found(0), find("up", first, "up\nx"));
        assertEquals(new BodyRegex.NotFound(), find("up", first, "x\nup"));
        assertEquals(new BodyRegex.Found(2), find("up", new RegexMatching(0, true, 2, Long.MAX_VALUE), "x\nup\nzz"));
        assertEquals(new BodyRegex.Found(2), find("up", first, "x up"), "no newline: anywhere");
    }

    @Test
    void onlyLfEndsALineAsWithPcre2() {
        assertEquals(new BodyRegex.NotFound(), find("OK$", RegexMatching.DEFAULT, "OK\r\n"));
        assertEquals(new BodyRegex.Found(0), find("OK$", RegexMatching.DEFAULT, "OK\n"));
        assertEquals(new BodyRegex.Found(0), find("a.b", RegexMatching.DEFAULT, "a\rb"));
        assertEquals(new BodyRegex.Found(0), find("a.b", RegexMatching.DEFAULT, "a\u0085b"), "NEL (byte 0x85) is not a newline");
        assertEquals(new BodyRegex.NotFound(), find("a.b", RegexMatching.DEFAULT, "a\nb"));
    }

    @Test
    void budgetGrowsWithTheBody() {
        assertEquals(BodyRegex.MIN_STEPS, BodyRegex.stepsFor(100));
        assertEquals(BodyRegex.DEFAULT_STEP_BUDGET, BodyRegex.stepsFor(1 << 20));
    }

    @Test
    void exponentialBacktrackingGivesUpAfterTheBudget() {
        // polynomial of degree 25: Java 17's loop memoisation does not defuse it
        String body = "a".repeat(24) + "b".repeat(40);
        BodyRegex.Result r = new BodyRegex("(.*a){25}", RegexMatching.DEFAULT, 1_000_000).find(body);
        assertEquals(new BodyRegex.GaveUp("regex gave up after 1000000 steps on a 64-byte body"), r);
        // the same pattern on a body it can decide quickly is fine
        assertEquals(new BodyRegex.NotFound(), new BodyRegex("(.*a){25}", RegexMatching.DEFAULT, 1_000_000).find("bbbb"));
    }

    @Test
    void deepRecursionOnABigBodyIsAFailureNotACrash() {
        String body = "a".repeat(1_000_000);
        BodyRegex.Result r = find("(a|b)*c", RegexMatching.DEFAULT, body);
        BodyRegex.GaveUp g = assertInstanceOf(BodyRegex.GaveUp.class, r);
        assertTrue(g.reason().equals("regex recursion overflowed the stack on a 1000000-byte body")
                || g.reason().equals("regex gave up after " + BodyRegex.stepsFor(1_000_000) + " steps on a 1000000-byte body"), g.reason());
    }

    @Test
    void aLinearPatternOverAFullBodyStaysWithinTheBudget() {
        String body = "x".repeat((1 << 20) - 4) + "DONE";
        assertEquals(new BodyRegex.Found((1 << 20) - 4), find("DONE$", RegexMatching.DEFAULT, body));
        assertEquals(new BodyRegex.Found(0), find("[a-z]+DONE", RegexMatching.DEFAULT, body));
        // ~100 steps a byte without PCRE2's implicit anchoring of a leading .* (JavaRegex adds it), ~2 with
        String lines = ("y".repeat(99) + "\n").repeat(10_000) + "yyfoo";
        assertEquals(new BodyRegex.Found(1_000_000), find(".*foo", RegexMatching.DEFAULT, lines));
        assertInstanceOf(BodyRegex.GaveUp.class, new BodyRegex(".*foo", RegexMatching.DEFAULT, 50_000_000).find(lines));
        assertEquals(new BodyRegex.Found(1_000_000), new BodyRegex("(?m:^).*foo", RegexMatching.DEFAULT, 50_000_000).find(lines));
    }
}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.SourcePos;
import dev.fulcrum.conf.lex.Token;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesTest {
    private final List<Diagnostic> diags = new ArrayList<>();
    private final Values v = new Values(new Findings(diags));

    private Optional<Duration> timer(String text, double min, double max) {
        return v.timer(new Token(text, new SourcePos(Path.of("v.conf"), 1, 1), false), min, max);
    }

    @Test
    void timersAreSecondsWithMicrosecondResolution() {
        assertEquals(Duration.ofSeconds(5), timer("5", 0, 10).orElseThrow());
        assertEquals(Duration.ofMillis(250), timer("0.25", 0, 10).orElseThrow());
        assertEquals(Duration.ofNanos(1000), timer("0.000001", 0, 10).orElseThrow());
        assertEquals(Duration.ofNanos(2_718_280_000L), timer("2.71828", 0, 10).orElseThrow());
        assertEquals(Duration.ofNanos(1000), timer("0.0000009", 0, 10).orElseThrow(), "rounded to the microsecond");
        assertEquals(Duration.ofSeconds(18446744073709L), timer("18446744073709", 0, 18446744073709.551614).orElseThrow());
        assertTrue(diags.isEmpty(), diags::toString);
    }

    @Test
    void badTimersAreReportedWithTheRange() {
        assertTrue(timer("0", 0.000001, 4294.967295).isEmpty());
        assertTrue(timer("-1", 0, 10).isEmpty());
        assertTrue(timer("abc", 0, 10).isEmpty());
        assertTrue(timer("11", 0, 10).isEmpty());
        assertEquals("number '0' outside range [0.000001, 4294.967295]", diags.get(0).message());
        assertEquals("'abc' is not a number of seconds", diags.get(2).message());
        assertEquals(4, diags.size());
    }

    @Test
    void addressesAreLiteralsOnly() {
        assertTrue(Values.parseAddress("192.0.2.1").isPresent());
        assertTrue(Values.parseAddress("2001:db8::1").isPresent());
        assertTrue(Values.parseAddress("192.0.2.256").isEmpty());
        assertTrue(Values.parseAddress("192.0.2").isEmpty());
        assertTrue(Values.parseAddress("localhost").isEmpty(), "never a DNS lookup");
        assertTrue(Values.parseAddress("2001:db8:::1").isEmpty());
        assertTrue(Values.parseAddress("01.2.3.4444").isEmpty());
    }

    @Test
    void dottedQuadsAreParsedByHandExactly() {
        assertEquals("/10.2.3.4", Values.parseAddress("010.2.3.4").orElseThrow().toString(), "leading zeros are decimal");
        assertEquals("/255.0.0.0", Values.parseAddress("255.0.0.0").orElseThrow().toString());
        for (String bad : List.of("", "1.2.3.4.", ".1.2.3", "1..2.3", "1.2.3.4.5", "1.2.3.+4", "1.2.3.0x1", "300.1.1.1", "1.2.3. 4")) {
            assertTrue(Values.parseAddress(bad).isEmpty(), bad);
        }
        // a colon means IPv6: malformed ones fail without being looked up as host names
        assertTrue(Values.parseAddress("1:2").isEmpty());
        assertTrue(Values.parseAddress(".:1").isEmpty());
        assertEquals("/192.0.2.1", Values.parseAddress("::ffff:192.0.2.1").orElseThrow().toString());
    }

    @Test
    void repeatedValuesShareOneInstance() {
        Token a = new Token("198.51.100.1", new SourcePos(Path.of("v.conf"), 1, 1), false);
        Token b = new Token("198.51.100.1", new SourcePos(Path.of("v.conf"), 2, 1), false);
        assertTrue(v.address(a).orElseThrow() == v.address(b).orElseThrow());
        assertTrue(timer("3", 0, 10).orElseThrow() == timer("3", 0, 10).orElseThrow());
        assertTrue(diags.isEmpty(), diags::toString);
    }
}

package dev.fulcrum.healthcheck.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecTest {
    @Test
    void keepalivedFreeFormHexFromTheManual() {
        // keepalived.conf §8: "Ab12f 3 456 546443123" = AB 12 0F 03 45 06 54 64 43 12 03
        assertArrayEquals(new byte[] {(byte) 0xAB, 0x12, 0x0F, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03},
                Hex.parse("Ab12f 3 456 546443123"));
        assertThrows(IllegalArgumentException.class, () -> Hex.parse("0G"));
        assertThrows(IllegalArgumentException.class, () -> Hex.parse("AX"), "no wildcards in a payload");
    }

    @Test
    void wildcardNibblesAndShorterLengthComparison() {
        Hex.Pattern p = Hex.parsePattern("AB X2 Fx");
        assertTrue(p.matches(new byte[] {(byte) 0xAB, 0x72, (byte) 0xF9, 0x55}), "longer reply compared up to the pattern");
        assertTrue(p.matches(new byte[] {(byte) 0xAB}), "shorter reply compared up to its length");
        assertFalse(p.matches(new byte[] {(byte) 0xAB, 0x73}));
        assertTrue(Hex.parsePattern("").matches(new byte[] {1, 2, 3}));
    }

    @Test
    void statusCodeListsAndRanges() {
        StatusCodes c = StatusCodes.parse(List.of("200", "300-399", "503"));
        assertTrue(c.accepts(200) && c.accepts(302) && c.accepts(503));
        assertFalse(c.accepts(201) || c.accepts(404) || c.accepts(502));
        assertTrue(StatusCodes.DEFAULT.accepts(204));
        assertFalse(StatusCodes.DEFAULT.accepts(301));
        assertThrows(IllegalArgumentException.class, () -> StatusCodes.parse(List.of("299-200")));
    }

    @Test
    void digestMustBeMd5HexAndIsCaseInsensitive() {
        UrlSpec u = new UrlSpec("healthz", StatusCodes.DEFAULT, Optional.of("9B3A0C85A887A256D6939DA88AABD8CD"), Optional.empty());
        assertEquals("/healthz", u.path());
        assertEquals(Optional.of("9b3a0c85a887a256d6939da88aabd8cd"), u.digest());
        assertThrows(IllegalArgumentException.class, () -> new UrlSpec("/", StatusCodes.DEFAULT, Optional.of("abc"), Optional.empty()));
    }

    @Test
    void perCheckerDefaultsOfSection9() {
        assertEquals(1, CheckTiming.defaults(CheckerKind.TCP_CHECK).retry());
        assertEquals(0, CheckTiming.defaults(CheckerKind.MISC_CHECK).retry());
        assertEquals(3, CheckTiming.defaults(CheckerKind.DNS_CHECK).retry());
        assertEquals(Duration.ofSeconds(3), CheckTiming.defaults(CheckerKind.HTTP_GET).delayBeforeRetry());
        assertEquals(Duration.ofSeconds(3), CheckTiming.defaults(CheckerKind.SSL_GET).delayBeforeRetry());
        assertEquals(Duration.ofSeconds(60), CheckTiming.defaults(CheckerKind.DNS_CHECK).delayBeforeRetry());
        assertEquals(Duration.ofSeconds(1), CheckTiming.defaults(CheckerKind.SMTP_CHECK).delayBeforeRetry());
        CheckTiming t = CheckTiming.defaults(CheckerKind.TCP_CHECK);
        assertEquals(Duration.ofSeconds(60), t.delayLoop());
        assertEquals(Duration.ofSeconds(5), t.connectTimeout());
        assertEquals(t.delayLoop(), t.warmup(), "warmup defaults to delay_loop");
        assertFalse(t.alpha());
        assertThrows(IllegalArgumentException.class, () -> t.withRetry(-1));
    }

    @Test
    void httpProtocolWireForms() {
        assertEquals("HTTP/1.0", CheckerSpec.HttpProtocol.parse("1.0").wire());
        assertFalse(CheckerSpec.HttpProtocol.parse("1.0").sendsConnectionClose());
        assertTrue(CheckerSpec.HttpProtocol.parse("1.0C").sendsConnectionClose());
        assertEquals("HTTP/1.1", CheckerSpec.HttpProtocol.parse("1.1").wire());
        assertThrows(IllegalArgumentException.class, () -> CheckerSpec.HttpProtocol.parse("2"));
    }
}

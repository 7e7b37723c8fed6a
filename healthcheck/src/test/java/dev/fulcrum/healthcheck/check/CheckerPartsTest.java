package dev.fulcrum.healthcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the checkers: word splitting, DNS encoding, reason mapping. */
class CheckerPartsTest {
    @Test
    void miscPathIsSplitLikeAShellWithoutExpansion() {
        assertEquals(List.of("/usr/bin/check", "a b", "c", "$HOME", "d\"e"), MiscCheck.words("/usr/bin/check 'a b'  c $HOME \"d\\\"e\""));
        assertThrows(IllegalArgumentException.class, () -> MiscCheck.words("x 'unterminated"));
    }

    @Test
    void miscRunsInItsOwnSession() {
        CheckerSpec.Misc m = new CheckerSpec.Misc(CheckTiming.defaults(dev.fulcrum.healthcheck.spec.CheckerKind.MISC_CHECK), "/bin/true x",
                Duration.ofSeconds(1), false, Optional.empty(), Optional.empty());
        assertEquals(List.of("setsid", "/bin/true", "x"), MiscCheck.command(m));
    }

    @Test
    void dnsQueryEncodingAndReplyJudgement() {
        byte[] q = DnsCheck.query(0x1234, "www.example.net.", 1);
        assertEquals(0x12, q[0]);
        assertEquals(0x34, q[1]);
        assertEquals(0x01, q[2], "recursion desired");
        assertEquals(1, q[5], "one question");
        assertEquals(3, q[12]);
        assertEquals('w', q[13]);
        assertEquals(12 + 17 + 4, q.length, "header + 3www7example3net0 + type + class");
        byte[] r = q.clone();
        r[2] = (byte) 0x81;
        r[3] = (byte) 0x80;
        r[7] = 1;
        assertEquals("", DnsCheck.judge(0x1234, r));
        assertNull(DnsCheck.judge(0x1235, r), "another id is not our reply");
        r[3] = (byte) 0x82;
        assertEquals("rcode SERVFAIL", DnsCheck.judge(0x1234, r));
        assertEquals("short reply", DnsCheck.judge(0x1234, new byte[5]));
        assertEquals(12 + 1 + 4, DnsCheck.query(1, ".", 6).length, "the root name");
    }

    @Test
    void failureReasonsAreShortStableWords() {
        assertEquals("connect timeout", FailureReason.of(new ConnectTimeoutException("x")));
        assertEquals("timeout", FailureReason.of(ReadTimeoutException.INSTANCE));
        assertEquals("refused", FailureReason.of(new ConnectException("finishConnect(..) failed: Connection refused")));
        assertEquals("reset", FailureReason.of(new IOException("Connection reset by peer")));
        assertEquals("no route to host", FailureReason.of(new java.net.NoRouteToHostException("No route to host")));
        assertEquals("tls: bad cert", FailureReason.of(new io.netty.handler.codec.DecoderException(new javax.net.ssl.SSLException("bad cert"))));
        assertEquals("IOException: ??x", FailureReason.of(new IOException("\u0001\u00ffx")));
        assertEquals(80, FailureReason.of(new IOException("y".repeat(500))).length());
    }
}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.ConfText;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.KeepalivedWriter;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.ParamMatch;
import dev.fulcrum.conf.model.TrackProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vrrp_track_process}: arguments, {@code param_match} and the {@code full_command} keepalived implies. */
class TrackProcessTest {
    private static String block(String... lines) {
        return "vrrp_track_process tp {\n" + String.join("\n", lines) + "\n}\n";
    }

    private static TrackProcess only(KeepalivedConfig c) {
        assertEquals(1, c.trackProcesses().size());
        return c.trackProcesses().get(0);
    }

    /** dump -> parse gives an equal model. */
    private static TrackProcess roundTrip(String text) {
        KeepalivedConfig first = ConfText.valid(text);
        String dump = KeepalivedWriter.write(first);
        ConfResult again = KeepalivedConf.parse(Path.of("dump.conf"), dump, ConfText.opts());
        assertEquals(first, again.config().orElseThrow(() -> new AssertionError(ConfText.lines(again) + "\n" + dump)), dump);
        return only(first);
    }

    @Test
    void aBareNameComparesNoArgumentsAndKeepsComm() {
        TrackProcess p = only(ConfText.clean(block(" process haproxy")));
        assertEquals("haproxy", p.process());
        assertEquals(List.of(), p.params());
        assertEquals(Optional.empty(), p.paramMatch());
        assertFalse(p.fullCommand());
    }

    @Test
    void argumentsWithoutParamMatchAreExactAndTurnFullCommandOn() {
        TrackProcess p = only(ConfText.clean(block(" process nginx -g daemon")));
        assertEquals("nginx", p.process());
        assertEquals(List.of("-g", "daemon"), p.params());
        assertEquals(Optional.of(ParamMatch.EXACT), p.paramMatch());
        assertTrue(p.fullCommand());
    }

    @Test
    void everyParamMatchWordIsReadAndTurnsFullCommandOn() {
        assertEquals(Optional.of(ParamMatch.EXACT), only(ConfText.clean(block(" process sshd", " param_match"))).paramMatch());
        assertEquals(Optional.of(ParamMatch.INITIAL), only(ConfText.clean(block(" process sshd", " param_match initial"))).paramMatch());
        assertEquals(Optional.of(ParamMatch.PARTIAL), only(ConfText.clean(block(" param_match partial", " process sshd -D"))).paramMatch());
        for (String w : List.of("", " initial", " partial")) {
            assertTrue(only(ConfText.clean(block(" process sshd", " param_match" + w))).fullCommand(), w);
        }
    }

    @Test
    void anInvalidParamMatchWordIsReportedAtItsPositionAndOnlyFullCommandSticks() {
        ConfResult r = ConfText.load(block(" process sshd", " param_match prefix"));
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(1, r.diagnostics().size(), ConfText.lines(r));
        assertEquals(3, d.pos().line());
        assertEquals(14, d.pos().column());
        assertTrue(d.toString().startsWith(ConfText.FILE + ":3:14: warning: Invalid param_match type prefix - ignoring"), d.toString());
        TrackProcess p = only(r.config().orElseThrow());
        assertEquals(Optional.empty(), p.paramMatch(), "no mode, as keepalived ignores the word");
        assertTrue(p.fullCommand(), "keepalived still turns full_command on");
        // with arguments the mode falls back to EXACT, and an earlier valid word is kept
        ConfResult withArgs = ConfText.load(block(" process sshd -D", " param_match partial", " param_match prefix"));
        assertEquals(Optional.of(ParamMatch.PARTIAL), only(withArgs.config().orElseThrow()).paramMatch());
    }

    @Test
    void quotedArgumentsKeepTheirSpaces() {
        TrackProcess p = only(ConfText.clean(block(" process sh -c \"sleep 1000; echo done\"")));
        assertEquals(List.of("-c", "sleep 1000; echo done"), p.params());
    }

    @Test
    void everyModeSurvivesTheRoundTrip() {
        roundTrip(block(" process haproxy"));
        roundTrip(block(" process haproxy", " param_match"));
        roundTrip(block(" process /usr/sbin/sshd -D", " full_command"));
        assertEquals(Optional.of(ParamMatch.INITIAL), roundTrip(block(" process sleep 10", " param_match initial")).paramMatch());
        assertEquals(Optional.of(ParamMatch.PARTIAL), roundTrip(block(" process sleep 10", " param_match partial")).paramMatch());
        TrackProcess q = roundTrip(block(" process sh -c \"sleep 1000; echo 'done'\" \"\"", " param_match partial"));
        assertEquals(List.of("-c", "sleep 1000; echo 'done'", ""), q.params());
    }
}

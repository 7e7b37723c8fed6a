package dev.fulcrum.conf.syntax;

import dev.fulcrum.conf.ConfText;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.lex.Preprocessor;
import dev.fulcrum.conf.lex.SourceLine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserTest {
    private final List<Diagnostic> diags = new ArrayList<>();

    private List<Statement> parse(String text) {
        return Parser.parse(new Preprocessor(ConfText.opts(), diags).runText(Path.of("p.conf"), text), diags);
    }

    @Test
    void blockWithArgumentsAndChildren() {
        List<Statement> s = parse("vrrp_instance VI_1 {\n state MASTER\n priority 100\n}\n");
        assertEquals(1, s.size());
        assertEquals("vrrp_instance", s.get(0).name());
        assertEquals(List.of("VI_1"), s.get(0).argTexts());
        assertEquals(List.of("state", "priority"), s.get(0).children().stream().map(Statement::name).toList());
        assertTrue(diags.isEmpty());
    }

    @Test
    void braceOnTheNextLine() {
        List<Statement> s = parse("global_defs\n{\n router_id x\n}\nnext\n");
        assertEquals(2, s.size());
        assertTrue(s.get(0).hasBlock());
        assertEquals("router_id", s.get(0).children().get(0).name());
        assertFalse(s.get(1).hasBlock());
        assertTrue(diags.isEmpty(), diags::toString);
    }

    @Test
    void oneLineBlocksNest() {
        List<Statement> s = parse("real_server 10.0.0.1 80 { weight 2 }\nunicast_peer { 10.0.0.3 }\n");
        assertEquals(List.of("weight"), s.get(0).children().stream().map(Statement::name).toList());
        assertEquals(List.of("2"), s.get(0).children().get(0).argTexts());
        assertEquals("10.0.0.3", s.get(1).children().get(0).name());
    }

    @Test
    void emptyBlock() {
        List<Statement> s = parse("PING_CHECK {\n}\nTCP_CHECK { }\n");
        assertTrue(s.get(0).hasBlock() && s.get(0).children().isEmpty());
        assertTrue(s.get(1).hasBlock() && s.get(1).children().isEmpty());
    }

    @Test
    void missingCloseBraceIsReportedAtTheOpeningBrace() {
        parse("a {\n b {\n  c\n}\n");
        assertEquals(1, diags.size());
        assertEquals(1, diags.get(0).pos().line());
        assertEquals(3, diags.get(0).pos().column());
        assertTrue(diags.get(0).message().contains("'a'"));
    }

    @Test
    void extraCloseBraceIsReported() {
        parse("a {\n}\n}\n");
        assertEquals(1, diags.size());
        assertEquals(3, diags.get(0).pos().line());
    }

    @Test
    void strayOpenBraceIsReported() {
        parse("a {\n}\n{\n}\n");
        assertTrue(diags.stream().anyMatch(d -> d.message().contains("unexpected '{'")), diags::toString);
    }

    @Test
    void topLevelStatementsAreHandedOnAsSoonAsNoLaterLineCanChangeThem() {
        List<SourceLine> lines = new Preprocessor(ConfText.opts(), diags).runText(Path.of("p.conf"),
                "virtual_server 192.0.2.1 80 {\n protocol TCP\n}\nglobal_defs\n{\n}\nchild_wait_time 5\nnext\n");
        List<String> seen = new ArrayList<>();
        Parser p = new Parser(diags, s -> seen.add(s.name() + (s.hasBlock() ? "{}" : "")));
        List<Integer> afterLine = new ArrayList<>();
        for (SourceLine l : lines) {
            p.line(l);
            afterLine.add(seen.size());
        }
        // the block on its closing line; a keyword only once the next line shows it opens no block
        assertEquals(List.of(0, 0, 1, 1, 1, 2, 2, 3), afterLine);
        p.finish();
        assertEquals(List.of("virtual_server{}", "global_defs{}", "child_wait_time", "next"), seen);
        assertTrue(diags.isEmpty(), diags::toString);
    }
}

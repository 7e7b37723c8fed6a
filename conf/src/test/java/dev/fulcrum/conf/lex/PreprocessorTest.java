package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.ConfText;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.KeepalivedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreprocessorTest {
    private final List<Diagnostic> diags = new ArrayList<>();

    private List<String> lines(String text) {
        return lines(text, "lb1");
    }

    private List<String> lines(String text, String id) {
        Preprocessor p = new Preprocessor(new LoadOptions(id, Map.of("ZONE", "eu-west"), 7), diags);
        return p.runText(Path.of("/etc/keepalived/keepalived.conf"), text).stream().map(SourceLine::text).toList();
    }

    @Test
    void commentsStartWithHashOrBangAnywhereButNotInQuotes() {
        assertEquals(List.of("a b", "c", "d \"x # y ! z\""), lines("a b # comment\n! whole line\nc ! tail\n# c2\nd \"x # y ! z\" # end\n"));
    }

    @Test
    void hashAndBangCanBeWrittenAsParameters() {
        assertEquals(List.of("a # b !"), lines("a ${_HASH} b ${_BANG}\n"));
    }

    @Test
    void parametersExpandWithAndWithoutBraces() {
        assertEquals(List.of("interface eth1", "dev eth1x", "$IF/24", "eth1/24"),
                lines("$IF=eth1\ninterface $IF\ndev ${IF}x\n$IF/24\n${IF}/24\n"));
    }

    @Test
    void undefinedParametersStayVerbatim() {
        assertEquals(List.of("script \"echo ${HOME} $USER\""), lines("script \"echo ${HOME} $USER\"\n"));
    }

    @Test
    void expansionIsLazyAndRecursive() {
        assertEquals(List.of("v 10.0.0.1", "v 10.9.0.1"),
                lines("$ADDR=${NET}.0.1\n$NET=10.0\nv $ADDR\n$NET=10.9\nv $ADDR\n"));
    }

    @Test
    void recursiveDefinitionIsReportedNotLooped() {
        lines("$A=${B}\n$B=${A}\nx $A\n");
        assertTrue(diags.stream().anyMatch(d -> d.isError() && d.message().contains("nested deeper")), diags::toString);
    }

    @Test
    void multiLineParameterExpandsToSeveralLines() {
        assertEquals(List.of("block {", "inner 1", "}", "block {", "inner 2", "}"),
                lines("$BLOCK= \\\nblock { \\\n inner $N \\\n}\n$N=1\n$BLOCK\n$N=2\n$BLOCK\n"));
    }

    @Test
    void predefinedParameters() {
        List<String> l = lines("a ${_PWD}\nb ${_INSTANCE}\nc ${_ENV ZONE}\nd ${_RANDOM 5 5}\n");
        assertEquals(List.of("a /etc/keepalived", "b lb1", "c eu-west", "d 5"), l);
    }

    @Test
    void randomStaysWithinBounds() {
        List<String> l = lines("~SEQ(I, 1, 200) ${_RANDOM 10 20}\n");
        assertEquals(200, l.size());
        assertTrue(l.stream().mapToInt(Integer::parseInt).allMatch(v -> v >= 10 && v <= 20));
    }

    @Test
    void reservedParameterNamesAreRejected() {
        lines("$_MINE=1\n");
        assertTrue(diags.stream().anyMatch(d -> d.isError() && d.message().contains("reserved")));
    }

    @Test
    void conditionalLinesFollowTheConfigId() {
        String text = "@lb1 a\n@lb2 b\n@^lb1 c\n@^lb2 d\ne\n";
        assertEquals(List.of("a", "d", "e"), lines(text, "lb1"));
        assertEquals(List.of("b", "c", "e"), lines(text, "lb2"));
    }

    @Test
    void conditionalsCombineWithParameters() {
        assertEquals(List.of("priority 240"), lines("@lb1 $P=240\n@lb2 $P=100\n$IF_MAIN=@lb1\n$IF_MAIN priority $P\n"));
        assertEquals(List.of(), lines("$IF_MAIN=@lb2\n$IF_MAIN priority 1\n"));
    }

    @Test
    void seqRepeatsTheRestOfTheLine() {
        assertEquals(List.of("ip 10.0.0.20", "ip 10.0.0.21", "ip 10.0.0.22", "ip 10.0.0.23"),
                lines("~SEQ(N, 20, 23) ip 10.0.0.${N}\n"));
        assertEquals(List.of("x 1", "x 2", "x 3"), lines("~SEQ(N, 3) x $N\n"));
        assertEquals(List.of("x 5", "x 3", "x 1"), lines("~SEQ(N, 5, -2, 1) x $N\n"));
        assertEquals(List.of("x -1", "x -2"), lines("~SEQ(N, -2) x $N\n"));
        assertEquals(List.of("x a", "x c"), lines("~SEQx(N, 10, 2, 12) x $N\n"));
    }

    @Test
    void nestedSeqLeftmostIsOutermost() {
        assertEquals(List.of("1a", "1b", "2a", "2b"), lines("~SEQ(I, 1, 2) ~LST(J, a, b) ${I}${J}\n"));
    }

    @Test
    void lstWithSeveralVariables() {
        assertEquals(List.of("10 1", "20 4"), lines("~LST({IP, W}, {10, 1}, {20, 4}) $IP $W\n"));
    }

    @Test
    void seqThatNeverEndsIsAnError() {
        assertEquals(List.of(), lines("~SEQ(N, 1, 0, 5) x\n"));
        assertTrue(diags.stream().anyMatch(d -> d.isError() && d.message().contains("never reaches")));
    }

    @Test
    void longLinesAreRejected() {
        lines("x " + "a".repeat(Preprocessor.MAX_LINE) + "\n");
        assertTrue(diags.stream().anyMatch(d -> d.message().contains("line too long")));
    }

    @Test
    void columnsSurviveExpansion() {
        Preprocessor p = new Preprocessor(ConfText.opts(), diags);
        List<SourceLine> l = p.runText(Path.of("x.conf"), "$V=10.0.0.1\n    addr $V   other\n");
        List<Token> t = Tokenizer.tokenize(l.get(0), diags);
        assertEquals("addr", t.get(0).text());
        assertEquals(5, t.get(0).pos().column());
        assertEquals(10, t.get(1).pos().column(), "an expanded parameter points at its use");
        assertEquals(2, t.get(1).pos().line());
        assertEquals(15, t.get(2).pos().column(), "text after an expansion keeps its own column");
    }

    @Test
    void includeIsRelativeToTheIncludingFileWithGlobAndBraces(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf.d/sub"));
        Files.writeString(dir.resolve("main.conf"), "include conf.d/*.conf\ninclude conf.d/{x,y}.inc\n");
        Files.writeString(dir.resolve("conf.d/b.conf"), "from_b\n");
        Files.writeString(dir.resolve("conf.d/a.conf"), "from_a\ninclude sub/c.inc\n");
        Files.writeString(dir.resolve("conf.d/sub/c.inc"), "from_c\n");
        Files.writeString(dir.resolve("conf.d/x.inc"), "from_x\n");
        Files.writeString(dir.resolve("conf.d/y.inc"), "from_y\n");
        Preprocessor p = new Preprocessor(ConfText.opts(), diags);
        List<SourceLine> l = p.run(dir.resolve("main.conf"));
        assertEquals(List.of("from_a", "from_c", "from_b", "from_x", "from_y"), l.stream().map(SourceLine::text).toList());
        assertEquals(dir.resolve("conf.d/sub/c.inc").toString(), l.get(1).file().toString());
        assertEquals(1, l.get(1).line());
        assertTrue(diags.isEmpty(), diags::toString);
    }

    @Test
    void missingIncludeIsAWarning(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.conf"), "include nothing/*.conf\n");
        new Preprocessor(ConfText.opts(), diags).run(dir.resolve("main.conf"));
        assertEquals(1, diags.size());
        assertTrue(!diags.get(0).isError() && diags.get(0).message().contains("nothing/*.conf"));
        assertEquals(1, diags.get(0).pos().line());
        assertEquals(9, diags.get(0).pos().column());
    }

    @Test
    void includeCycleIsDetected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.conf"), "include b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "x\ninclude a.conf\n");
        List<SourceLine> l = new Preprocessor(ConfText.opts(), diags).run(dir.resolve("a.conf"));
        assertEquals(List.of("x"), l.stream().map(SourceLine::text).toList());
        assertTrue(diags.stream().anyMatch(d -> d.isError() && d.message().equals("include cycle: a.conf -> b.conf -> a.conf")), diags::toString);
    }

    @Test
    void includeIsRecognisedBeforeConditionalsAndParameters(@TempDir Path dir) throws Exception {
        // keepalived detects include first: an include built from a parameter is not an include
        Files.writeString(dir.resolve("main.conf"), "$INC=include other.conf\n$INC\n");
        Files.writeString(dir.resolve("other.conf"), "other\n");
        List<SourceLine> l = new Preprocessor(ConfText.opts(), diags).run(dir.resolve("main.conf"));
        assertEquals(List.of("include other.conf"), l.stream().map(SourceLine::text).toList());
    }

    @Test
    void parametersCarryIntoIncludedFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.conf"), "$IF=eth7\ninclude inc/*.inc\n");
        Files.createDirectories(dir.resolve("inc"));
        Files.writeString(dir.resolve("inc/1.inc"), "interface $IF\n");
        ConfResult r = KeepalivedConf.load(dir.resolve("main.conf"), ConfText.opts());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains("unknown keyword 'interface'")
                && d.pos().file().endsWith("1.inc")), ConfText.lines(r));
    }

    @Test
    void missingTopLevelFileIsAnError(@TempDir Path dir) {
        ConfResult r = KeepalivedConf.load(dir.resolve("absent.conf"), ConfText.opts());
        assertTrue(r.hasErrors());
        assertTrue(r.config().isEmpty());
    }

    @Test
    void aWholeConfigFromTwoIncludesHasPositionsInBothFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.conf"), "global_defs {\n router_id x\n}\ninclude vi.inc\n");
        Files.writeString(dir.resolve("vi.inc"), ConfText.instance("VI_1", " advert_intervall 1"));
        ConfResult r = KeepalivedConf.load(dir.resolve("main.conf"), ConfText.opts());
        KeepalivedConfig c = r.config().orElseThrow();
        assertEquals("x", c.globalDefs().routerId().orElseThrow());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(dir.resolve("vi.inc"), d.pos().file());
        assertEquals(10, d.pos().line());
        assertEquals(2, d.pos().column());
    }

    @Test
    void aParameterAfterAnEscapeInQuotesIsStillExpanded() {
        // the fast path for plain lines must notice a '$' that an escape inside quotes hides from the comment scan
        assertEquals(List.of("kw \"a\\1 b\"", "kw2 'q\\$X'"), lines("$X=1\nkw \"a\\$X b\"\nkw2 'q\\$X'\n"));
    }
}

package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.Diagnostic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    private final List<Diagnostic> diags = new ArrayList<>();

    private List<String> words(String line) {
        return Tokenizer.tokenize(SourceLine.of(Path.of("t.conf"), 3, line, 1), diags).stream().map(Token::text).toList();
    }

    @Test
    void whitespaceSeparates() {
        assertEquals(List.of("a", "b", "c"), words("  a \tb   c "));
    }

    @Test
    void quotesKeepWhitespaceAndMayStartMidWord() {
        assertEquals(List.of("abcd efg h jkl mnop"), words("abcd\" efg h jkl \"mnop"));
        assertEquals(List.of("abcd", "efg h jkl", "mnop"), words("abcd \"efg h jkl\" mnop"));
        assertEquals(List.of("it's"), words("\"it's\""));
        assertEquals(List.of("say \"hi\""), words("'say \"hi\"'"));
    }

    @Test
    void escapesInsideQuotes() {
        assertEquals(List.of("a\tb\nc\\d\"e"), words("\"a\\tb\\nc\\\\d\\\"e\""));
        assertEquals(List.of("A", "B", "\u0003", "\u001b"), words("\"\\101\" \"\\x42\" \"\\cC\" \"\\E\""));
        assertEquals(List.of("q"), words("\"\\q\""));
    }

    @Test
    void backslashOutsideQuotesIsLiteral() {
        assertEquals(List.of("a\\tb"), words("a\\tb"));
    }

    @Test
    void bracesAreTokensUnlessQuoted() {
        List<Token> t = Tokenizer.tokenize(SourceLine.of(Path.of("t.conf"), 1, "unicast_peer {10.0.0.3} \"{\"", 1), diags);
        assertEquals(List.of("unicast_peer", "{", "10.0.0.3", "}", "{"), t.stream().map(Token::text).toList());
        assertTrue(t.get(1).isOpenBrace());
        assertFalse(t.get(4).isOpenBrace(), "a quoted brace is a word");
    }

    @Test
    void tokensKnowTheirColumn() {
        List<Token> t = Tokenizer.tokenize(SourceLine.of(Path.of("t.conf"), 3, "  key  \"v w\"", 1), diags);
        assertEquals(3, t.get(0).pos().column());
        assertEquals(8, t.get(1).pos().column());
        assertEquals(3, t.get(1).pos().line());
    }

    @Test
    void unterminatedQuoteIsAnErrorWithPosition() {
        assertEquals(List.of("a", "b c"), words("a \"b c"));
        assertEquals(1, diags.size());
        assertEquals(3, diags.get(0).pos().column());
        assertTrue(diags.get(0).isError());
    }

    @Test
    void spaceIsJavaWhitespaceForEveryCharacter() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            assertEquals(Character.isWhitespace(c), Tokenizer.isSpace(c), "U+" + Integer.toHexString(c));
        }
    }
    /** The brace count a block reader uses agrees with the words split() makes, on random lines. */
    @Test
    void depthAfterFollowsTheSplitBraces() {
        long seed = Long.getLong("fulcrum.fuzz.seed", System.nanoTime());
        java.util.Random rnd = new java.util.Random(seed);
        String alphabet = "ab {}\"'\\cx07 \t";
        LineWords w = new LineWords();
        int unsure = 0;
        for (int n = 0; n < 20000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = rnd.nextInt(14); k > 0; k--) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String line = b.toString();
            int start = rnd.nextInt(3);
            List<Diagnostic> d = new ArrayList<>();
            Tokenizer.split(Path.of("t.conf"), 1, line, 0, line.length(), 1, d, w, null);
            // expected: the depth after the words, -1 for an unterminated quote, a '}' with no open block or
            // a word after the brace that closed the outermost block
            int depth = start;
            boolean closed = false;
            int expected = d.isEmpty() ? 0 : -1;
            for (int i = 0; expected == 0 && i < w.size(); i++) {
                if (closed) {
                    expected = -1;
                } else if (w.isOpenBrace(i)) {
                    depth++;
                } else if (w.isCloseBrace(i)) {
                    if (depth == 0) {
                        expected = -1;
                    } else {
                        closed = --depth == 0;
                    }
                }
            }
            if (expected == 0) {
                expected = depth;
            } else {
                unsure++;
            }
            int got = Tokenizer.depthAfter(line, 0, line.length(), start);
            assertEquals(expected, got, "seed " + seed + ": [" + line + "] from depth " + start);
        }
        assertTrue(unsure > 100 && unsure < 19000, "the random lines exercise both outcomes: " + unsure);
    }
}

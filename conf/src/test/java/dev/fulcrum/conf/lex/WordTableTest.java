package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.Diagnostic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class WordTableTest {
    @Test
    void equalWordsShareOneStringAndDifferentOnesDoNot() {
        WordTable t = new WordTable();
        String text = "weight 1\nweight 10\nweight 1";
        String a = t.word(text, 0, 6);
        String b = t.word(text, 9, 15);
        assertEquals("weight", a);
        assertSame(a, b);
        assertEquals("1", t.word(text, 7, 8));
        assertEquals("10", t.word(text, 16, 18));
        assertSame(t.word(text, 7, 8), t.word(text, 26, 27));
        assertNotSame(t.word(text, 7, 8), t.word(text, 16, 18));
    }

    @Test
    void tokensOfAFileSliceKeepTheirColumnsAndQuotes() {
        String file = "x\n  real_server 10.0.0.1 \"a b\"c { # comment\n";
        SourceLine line = SourceLine.slice(Path.of("s.conf"), 2, file, 4, 33, 3);
        List<Diagnostic> diags = new ArrayList<>();
        List<Token> out = new ArrayList<>();
        Tokenizer.tokenize(line, diags, out, new WordTable());
        assertEquals(List.of("real_server", "10.0.0.1", "a bc", "{"), out.stream().map(Token::text).toList());
        assertEquals(List.of(3, 15, 24, 31), out.stream().map(tk -> tk.pos().column()).toList());
        assertEquals(List.of(false, false, true, false), out.stream().map(Token::quoted).toList());
        assertEquals(out, Tokenizer.tokenize(SourceLine.of(Path.of("s.conf"), 2, "real_server 10.0.0.1 \"a b\"c {", 3), diags));
        assertEquals(List.of(), diags);
    }
}

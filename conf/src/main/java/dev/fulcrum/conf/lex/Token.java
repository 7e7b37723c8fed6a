package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.SourcePos;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A word of configuration. {@code quoted} tells a literal {@code "{"} from a block brace.
 *
 * <p>A value with record semantics (equality over text, position and quotedness). The position is
 * kept unpacked and a {@link SourcePos} is made only when asked for, which in practice means when a
 * diagnostic is reported: a large configuration has hundreds of thousands of tokens and few mistakes.
 */
public final class Token {
    private final String text;
    private final Path file;
    private final int line;
    private final int column;
    private final boolean quoted;

    public Token(String text, SourcePos pos, boolean quoted) {
        this(text, pos.file(), pos.line(), pos.column(), quoted);
    }

    Token(String text, Path file, int line, int column, boolean quoted) {
        this.text = Objects.requireNonNull(text, "text");
        this.file = file;
        this.line = line;
        this.column = column;
        this.quoted = quoted;
    }

    public String text() {
        return text;
    }

    public SourcePos pos() {
        return new SourcePos(file, line, column);
    }

    public boolean quoted() {
        return quoted;
    }

    public boolean isOpenBrace() {
        return !quoted && text.equals("{");
    }

    public boolean isCloseBrace() {
        return !quoted && text.equals("}");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && t.quoted == quoted && t.line == line && t.column == column && t.text.equals(text)
                && Objects.equals(t.file, file);
    }

    @Override
    public int hashCode() {
        return (text.hashCode() * 31 + Objects.hash(file, line, column)) * 31 + Boolean.hashCode(quoted);
    }

    @Override
    public String toString() {
        return text;
    }
}

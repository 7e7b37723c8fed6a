package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.SourcePos;

/**
 * A word of configuration. {@code quoted} tells a literal {@code "{"} from a block brace.
 */
public record Token(String text, SourcePos pos, boolean quoted) {
    public boolean isOpenBrace() {
        return !quoted && text.equals("{");
    }

    public boolean isCloseBrace() {
        return !quoted && text.equals("}");
    }

    @Override
    public String toString() {
        return text;
    }
}

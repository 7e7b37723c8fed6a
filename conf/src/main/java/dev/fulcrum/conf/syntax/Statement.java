package dev.fulcrum.conf.syntax;

import dev.fulcrum.conf.SourcePos;
import dev.fulcrum.conf.lex.Token;

import java.util.List;
import java.util.Optional;

/**
 * One configuration statement: a keyword, its arguments (the rest of its line) and, for block
 * keywords, the statements between its braces. The syntax tree knows no keywords; meaning is given by
 * the model builder.
 *
 * @param block empty when the statement had no braces
 */
public record Statement(Token keyword, List<Token> args, Optional<List<Statement>> block) {

    public String name() {
        return keyword.text();
    }

    public SourcePos pos() {
        return keyword.pos();
    }

    public boolean hasBlock() {
        return block.isPresent();
    }

    public List<Statement> children() {
        return block.orElse(List.of());
    }

    /** The statement's words after the keyword, as text. */
    public List<String> argTexts() {
        return args.stream().map(Token::text).toList();
    }
}

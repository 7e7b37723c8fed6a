package dev.fulcrum.conf.syntax;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.lex.SourceLine;
import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.lex.Tokenizer;
import dev.fulcrum.conf.lex.WordTable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Builds the statement tree from preprocessed lines. keepalived's grammar is line-oriented: a
 * statement's arguments run to the end of its line, a {@code {} opens a block on the same line or on
 * the next one, and one-line blocks ({@code unicast_peer { 10.0.0.3 }}) hold one statement.
 * Brace damage is reported with the position of the brace involved and parsing continues.
 */
public final class Parser {
    private Parser() {
    }

    private static final class Open {
        final Token keyword;
        final List<Token> args;
        /** The opening brace; its position is only needed if the block is never closed. */
        final Token brace;
        final List<Statement> children = new ArrayList<>(4);

        Open(Token keyword, List<Token> args, Token brace) {
            this.keyword = keyword;
            this.args = args;
            this.brace = brace;
        }
    }

    public static List<Statement> parse(List<SourceLine> lines, List<Diagnostic> diagnostics) {
        List<Statement> root = new ArrayList<>();
        Deque<Open> stack = new ArrayDeque<>();
        Statement lastClosedOnPreviousLine = null;
        List<Statement> lastParent = null;
        // scratch lists reused for every line; statements keep immutable copies
        List<Token> tokens = new ArrayList<>();
        List<Token> args = new ArrayList<>();
        WordTable words = new WordTable();
        for (SourceLine line : lines) {
            tokens.clear();
            Tokenizer.tokenize(line, diagnostics, tokens, words);
            Token kw = null;
            args.clear();
            Statement lastOnThisLine = null;
            boolean first = true;
            for (Token t : tokens) {
                if (t.isOpenBrace()) {
                    if (kw != null) {
                        stack.push(new Open(kw, frozen(args), t));
                        kw = null;
                        args.clear();
                    } else if (first && lastClosedOnPreviousLine != null && lastClosedOnPreviousLine.block().isEmpty()) {
                        // "{" on the line after its keyword: reopen that statement as a block
                        List<Statement> parent = lastParent;
                        parent.remove(parent.size() - 1);
                        stack.push(new Open(lastClosedOnPreviousLine.keyword(), lastClosedOnPreviousLine.args(), t));
                    } else {
                        diagnostics.add(Diagnostic.error(t.pos(), "unexpected '{' without a keyword"));
                        stack.push(new Open(new Token("{", t.pos(), false), List.of(), t));
                    }
                } else if (t.isCloseBrace()) {
                    if (kw != null) {
                        lastOnThisLine = add(stack, root, new Statement(kw, frozen(args), Optional.empty()));
                        kw = null;
                        args.clear();
                    }
                    if (stack.isEmpty()) {
                        diagnostics.add(Diagnostic.error(t.pos(), "extra '}' with no open block"));
                    } else {
                        Open o = stack.pop();
                        lastOnThisLine = add(stack, root, new Statement(o.keyword, o.args, Optional.of(frozen(o.children))));
                    }
                } else if (kw == null) {
                    kw = t;
                } else {
                    args.add(t);
                }
                first = false;
            }
            if (kw != null) {
                lastOnThisLine = add(stack, root, new Statement(kw, frozen(args), Optional.empty()));
            }
            if (lastOnThisLine != null) {
                lastClosedOnPreviousLine = lastOnThisLine;
                lastParent = stack.isEmpty() ? root : stack.peek().children;
                if (lastParent.isEmpty() || lastParent.get(lastParent.size() - 1) != lastOnThisLine) {
                    lastClosedOnPreviousLine = null;
                }
            } else if (!tokens.isEmpty()) {
                lastClosedOnPreviousLine = null;
            }
        }
        while (!stack.isEmpty()) {
            Open o = stack.pop();
            diagnostics.add(Diagnostic.error(o.brace.pos(), "missing '}': block '" + o.keyword.text() + "' opened here is never closed"));
            add(stack, root, new Statement(o.keyword, o.args, Optional.of(frozen(o.children))));
        }
        return root;
    }

    /**
     * An immutable copy; the usual one or two elements go straight into a small list, without the
     * intermediate array {@link List#copyOf} makes.
     */
    private static <T> List<T> frozen(List<T> list) {
        return switch (list.size()) {
            case 0 -> List.of();
            case 1 -> List.of(list.get(0));
            case 2 -> List.of(list.get(0), list.get(1));
            default -> List.copyOf(list);
        };
    }

    private static Statement add(Deque<Open> stack, List<Statement> root, Statement s) {
        if (stack.isEmpty()) {
            root.add(s);
        } else {
            stack.peek().children.add(s);
        }
        return s;
    }
}

package dev.fulcrum.conf.syntax;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.SourcePos;
import dev.fulcrum.conf.lex.LineSink;
import dev.fulcrum.conf.lex.LineWords;
import dev.fulcrum.conf.lex.SourceLine;
import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.lex.Tokenizer;
import dev.fulcrum.conf.lex.WordTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds the statement tree from preprocessed lines. keepalived's grammar is line-oriented: a
 * statement's arguments run to the end of its line, a {@code {} opens a block on the same line or on
 * the next one, and one-line blocks ({@code unicast_peer { 10.0.0.3 }}) hold one statement.
 * Brace damage is reported with the position of the brace involved and parsing continues.
 */
public final class Parser implements LineSink {
    private final List<Diagnostic> diagnostics;
    private final Consumer<Statement> topLevel;
    /** Top-level statements not yet handed on: at most the last one, which a "{" on the next line may reopen. */
    private final List<Statement> root = new ArrayList<>();
    /** Open blocks, innermost last; entries past {@link #depth} are kept for reuse. */
    private Open[] stack = new Open[8];
    private int depth;
    private Statement lastClosedOnPreviousLine;
    private List<Statement> lastParent;
    // scratch reused for every line; statements keep immutable copies
    private final LineWords words = new LineWords();
    private final List<Token> args = new ArrayList<>();
    private final WordTable table = new WordTable();

    /**
     * A parser that hands each completed top-level statement to {@code topLevel} as soon as no later line
     * can change it, so a caller can build and drop a block while the rest of the file is still read.
     */
    public Parser(List<Diagnostic> diagnostics, Consumer<Statement> topLevel) {
        this.diagnostics = diagnostics;
        this.topLevel = topLevel;
    }

    /** A block being read; reused for the next block at the same depth once closed. */
    private static final class Open {
        Token keyword;
        List<Token> args;
        /** Where the opening brace is; only needed if the block is never closed. */
        Path braceFile;
        int braceLine;
        int braceColumn;
        final List<Statement> children = new ArrayList<>();
    }

    /** The whole statement tree of {@code lines}. */
    public static List<Statement> parse(List<SourceLine> lines, List<Diagnostic> diagnostics) {
        List<Statement> out = new ArrayList<>();
        Parser p = new Parser(diagnostics, out::add);
        for (SourceLine line : lines) {
            p.line(line);
        }
        p.finish();
        return out;
    }

    /** Reads the next preprocessed line. */
    @Override
    public void line(SourceLine line) {
        Tokenizer.split(line, diagnostics, words, table);
        parseWords();
    }

    @Override
    public void slice(Path file, int lineNo, String text, int begin, int end, int firstColumn) {
        Tokenizer.split(file, lineNo, text, begin, end, firstColumn, diagnostics, words, table);
        parseWords();
    }

    private void parseWords() {
        LineWords w = words;
        Token kw = null;
        args.clear();
        Statement lastOnThisLine = null;
        boolean first = true;
        for (int i = 0; i < w.size(); i++) {
            if (w.isOpenBrace(i)) {
                if (kw != null) {
                    push(kw, frozen(args), w, i);
                    kw = null;
                    args.clear();
                } else if (first && lastClosedOnPreviousLine != null && lastClosedOnPreviousLine.block().isEmpty()) {
                    // "{" on the line after its keyword: reopen that statement as a block
                    List<Statement> parent = lastParent;
                    parent.remove(parent.size() - 1);
                    push(lastClosedOnPreviousLine.keyword(), lastClosedOnPreviousLine.args(), w, i);
                } else {
                    Token brace = w.token(i);
                    diagnostics.add(Diagnostic.error(brace.pos(), "unexpected '{' without a keyword"));
                    push(brace, List.of(), w, i);
                }
            } else if (w.isCloseBrace(i)) {
                if (kw != null) {
                    lastOnThisLine = add(new Statement(kw, frozen(args), Optional.empty()));
                    kw = null;
                    args.clear();
                }
                if (depth == 0) {
                    diagnostics.add(Diagnostic.error(new SourcePos(w.file(), w.line(), w.column(i)), "extra '}' with no open block"));
                } else {
                    lastOnThisLine = add(close());
                }
            } else if (kw == null) {
                kw = w.token(i);
            } else {
                args.add(w.token(i));
            }
            first = false;
        }
        if (kw != null) {
            lastOnThisLine = add(new Statement(kw, frozen(args), Optional.empty()));
        }
        if (lastOnThisLine != null) {
            lastClosedOnPreviousLine = lastOnThisLine;
            lastParent = depth == 0 ? root : stack[depth - 1].children;
            if (lastParent.isEmpty() || lastParent.get(lastParent.size() - 1) != lastOnThisLine) {
                lastClosedOnPreviousLine = null;
            }
        } else if (w.size() > 0) {
            lastClosedOnPreviousLine = null;
        }
        // everything at top level is final except a last statement without a block that the next line may reopen
        boolean reopenable = lastClosedOnPreviousLine != null && lastParent == root && lastClosedOnPreviousLine.block().isEmpty();
        handOn(reopenable ? 1 : 0);
    }

    private void push(Token keyword, List<Token> blockArgs, LineWords w, int brace) {
        if (depth == stack.length) {
            stack = java.util.Arrays.copyOf(stack, depth * 2);
        }
        Open o = stack[depth];
        if (o == null) {
            o = new Open();
            stack[depth] = o;
        }
        depth++;
        o.keyword = keyword;
        o.args = blockArgs;
        o.braceFile = w.file();
        o.braceLine = w.line();
        o.braceColumn = w.column(brace);
    }

    /** Closes the innermost block into its statement; the {@link Open} is kept for reuse. */
    private Statement close() {
        Open o = stack[--depth];
        Statement s = new Statement(o.keyword, o.args, Optional.of(frozen(o.children)));
        o.children.clear();
        o.keyword = null;
        o.args = null;
        return s;
    }

    /** True when no block is open: the next line starts a top-level statement (or reopens the held one). */
    public boolean atTopLevel() {
        return depth == 0;
    }

    /** True when no block is open and every top-level statement read so far has been handed on. */
    public boolean holdsNothing() {
        return depth == 0 && root.isEmpty();
    }

    /**
     * At top level: hands on the statement held back for a {@code {} on the next line, as reading a next
     * line that does not start with {@code {} would. A caller that takes a whole top-level block past the
     * parser calls this first, so the statements reach the builder in file order.
     */
    public void handOnHeld() {
        if (depth == 0) {
            handOn(0);
            lastClosedOnPreviousLine = null;
        }
    }

    /** After the last line: closes what is still open (an error each) and hands on the rest. */
    public void finish() {
        while (depth > 0) {
            Open o = stack[depth - 1];
            diagnostics.add(Diagnostic.error(new SourcePos(o.braceFile, o.braceLine, o.braceColumn),
                    "missing '}': block '" + o.keyword.text() + "' opened here is never closed"));
            add(close());
        }
        handOn(0);
        lastClosedOnPreviousLine = null;
    }

    private void handOn(int keep) {
        int n = root.size() - keep;
        if (n <= 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            topLevel.accept(root.get(i));
        }
        if (keep == 0) {
            root.clear();
        } else {
            root.subList(0, n).clear();
        }
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

    private Statement add(Statement s) {
        if (depth == 0) {
            root.add(s);
        } else {
            stack[depth - 1].children.add(s);
        }
        return s;
    }
}

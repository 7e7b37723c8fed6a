package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.SourcePos;

import java.nio.file.Path;

/**
 * A line of configuration after includes, conditionals, parameters and repetition, with the source
 * column of every character, so the tokenizer can still point at the operator's text. Lines that are
 * still a plain slice of the file (most of them) store only their first column; expanded lines store
 * one column per character.
 */
public final class SourceLine {
    private final Path file;
    private final int line;
    /** The line's text; null for a slice not yet asked for it (the tokenizer reads the slice directly). */
    private String text;
    /** Per-character columns, or null when the text is a contiguous slice starting at {@code firstColumn}. */
    private final int[] columns;
    private final int firstColumn;
    /** For a slice: the whole file text and the line's bounds in it; otherwise null, 0, 0. */
    private final String source;
    private final int begin;
    private final int end;

    private SourceLine(Path file, int line, String text, int[] columns, int firstColumn) {
        this(file, line, text, columns, firstColumn, null, 0, 0);
    }

    private SourceLine(Path file, int line, String text, int[] columns, int firstColumn, String source, int begin, int end) {
        this.file = file;
        this.line = line;
        this.text = text;
        this.columns = columns;
        this.firstColumn = firstColumn;
        this.source = source;
        this.begin = begin;
        this.end = end;
    }

    public static SourceLine of(Path file, int line, String text, int firstColumn) {
        return new SourceLine(file, line, text, null, firstColumn);
    }

    /** {@code source[begin, end)} as a line starting at {@code firstColumn}, without copying it yet. */
    static SourceLine slice(Path file, int line, String source, int begin, int end, int firstColumn) {
        return new SourceLine(file, line, null, null, firstColumn, source, begin, end);
    }

    /** The text holding this line's characters: the file text for a slice, else {@link #text()}. */
    String chars() {
        return source != null ? source : text();
    }

    /** Index in {@link #chars()} of the line's first character. */
    int charsBegin() {
        return source != null ? begin : 0;
    }

    /** Index in {@link #chars()} after the line's last character. */
    int charsEnd() {
        return source != null ? end : text().length();
    }

    /** Every character of {@code text} comes from one column (a parameter value at its use). */
    static SourceLine at(Path file, int line, String text, int column) {
        int[] cols = new int[text.length()];
        java.util.Arrays.fill(cols, column);
        return new SourceLine(file, line, text, cols, column);
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String text() {
        String t = text;
        if (t == null) {
            t = source.substring(begin, end);
            text = t;
        }
        return t;
    }

    /** Source column of the character at {@code index}. */
    public int columnAt(int index) {
        if (columns == null) {
            return firstColumn + index;
        }
        if (columns.length == 0) {
            return firstColumn;
        }
        return columns[Math.max(0, Math.min(index, columns.length - 1))];
    }

    public SourcePos posAt(int index) {
        return new SourcePos(file, line, sourceColumn(index));
    }

    /** The column {@link #posAt(int)} reports for {@code index}. */
    int sourceColumn(int index) {
        return Math.max(1, columnAt(index));
    }

    public SourceLine substring(int from, int to) {
        if (columns == null) {
            return new SourceLine(file, line, text().substring(from, to), null, firstColumn + from);
        }
        int[] cols = new int[to - from];
        System.arraycopy(columns, from, cols, 0, to - from);
        return new SourceLine(file, line, text().substring(from, to), cols, from < columns.length ? columns[from] : firstColumn);
    }

    public SourceLine substring(int from) {
        return substring(from, text().length());
    }

    public SourceLine stripLeading() {
        String text = text();
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i == 0 ? this : substring(i);
    }

    public SourceLine strip() {
        SourceLine s = stripLeading();
        String t = s.text();
        int e = t.length();
        while (e > 0 && Character.isWhitespace(t.charAt(e - 1))) {
            e--;
        }
        return e == t.length() ? s : s.substring(0, e);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + text();
    }

    /** Builds a line piece by piece, keeping each character's column. */
    static final class Builder {
        private final Path file;
        private final int line;
        private final StringBuilder text = new StringBuilder();
        private int[] cols = new int[64];

        Builder(Path file, int line) {
            this.file = file;
            this.line = line;
        }

        Builder append(char c, int col) {
            if (text.length() == cols.length) {
                int[] n = new int[cols.length * 2];
                System.arraycopy(cols, 0, n, 0, cols.length);
                cols = n;
            }
            cols[text.length()] = col;
            text.append(c);
            return this;
        }

        Builder append(SourceLine src, int from, int to) {
            for (int i = from; i < to; i++) {
                append(src.text().charAt(i), src.columnAt(i));
            }
            return this;
        }

        SourceLine build() {
            int[] c = new int[text.length()];
            System.arraycopy(cols, 0, c, 0, c.length);
            return new SourceLine(file, line, text.toString(), c, c.length > 0 ? c[0] : 1);
        }
    }
}

package dev.fulcrum.conf.lex;

import java.nio.file.Path;

/**
 * The words of one line, in a buffer the parser reuses line after line: a {@link Token} is made only
 * for a word the statement tree keeps. Braces, a fifth of a large configuration's words, never become
 * objects, and the director's C1-only JVM (no escape analysis) would otherwise allocate each one.
 */
public final class LineWords {
    private String[] text = new String[16];
    private int[] column = new int[16];
    private boolean[] quoted = new boolean[16];
    private int size;
    private Path file;
    private int line;

    void reset(Path file, int line) {
        this.file = file;
        this.line = line;
        size = 0;
    }

    void add(String word, int col, boolean isQuoted) {
        if (size == text.length) {
            text = java.util.Arrays.copyOf(text, size * 2);
            column = java.util.Arrays.copyOf(column, size * 2);
            quoted = java.util.Arrays.copyOf(quoted, size * 2);
        }
        text[size] = word;
        column[size] = col;
        quoted[size] = isQuoted;
        size++;
    }

    public int size() {
        return size;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column(int i) {
        return column[i];
    }

    public boolean isOpenBrace(int i) {
        return !quoted[i] && text[i].equals("{");
    }

    public boolean isCloseBrace(int i) {
        return !quoted[i] && text[i].equals("}");
    }

    /** Word {@code i} as a token. */
    public Token token(int i) {
        return new Token(text[i], file, line, column[i], quoted[i]);
    }
}

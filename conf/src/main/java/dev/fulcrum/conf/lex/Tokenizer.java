package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.SourcePos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line into words the way keepalived does: whitespace separates, {@code "} and {@code '}
 * quote (also mid-word: {@code ab" c"d} is one word {@code ab cd}), escapes work inside quotes, and an
 * unquoted {@code {} or {@code }} is a word of its own.
 */
public final class Tokenizer {
    private Tokenizer() {
    }

    /** Whitespace/quote splitting only, braces included in words: for include patterns. */
    public static List<Token> words(SourceLine line, List<Diagnostic> diagnostics) {
        return tokens(line, diagnostics, false, new ArrayList<>(), null);
    }

    public static List<Token> tokenize(SourceLine line, List<Diagnostic> diagnostics) {
        return tokens(line, diagnostics, true, new ArrayList<>(), null);
    }

    /**
     * As {@link #tokenize(SourceLine, List)}, appending to {@code out} and sharing plain words through
     * {@code words}.
     */
    public static void tokenize(SourceLine line, List<Diagnostic> diagnostics, List<Token> out, WordTable words) {
        tokens(line, diagnostics, true, out, words);
    }

    /** Splits {@code line} into {@code out} (reset first), sharing plain words through {@code words}. */
    public static void split(SourceLine line, List<Diagnostic> diagnostics, LineWords out, WordTable words) {
        out.reset(line.file(), line.line());
        split(line.chars(), line.charsBegin(), line.charsEnd(), line, 1, diagnostics, true, out, words);
    }

    /**
     * Splits the plain line {@code text[begin, end)} whose first character is at {@code firstColumn},
     * without a {@link SourceLine} (the preprocessor's usual case: a slice of the file text).
     */
    public static void split(Path file, int lineNo, String text, int begin, int end, int firstColumn,
                             List<Diagnostic> diagnostics, LineWords out, WordTable words) {
        out.reset(file, lineNo);
        split(text, begin, end, null, firstColumn, diagnostics, true, out, words);
    }

    private static List<Token> tokens(SourceLine line, List<Diagnostic> diagnostics, boolean braces, List<Token> out,
                                      WordTable words) {
        LineWords w = new LineWords();
        w.reset(line.file(), line.line());
        split(line.chars(), line.charsBegin(), line.charsEnd(), line, 1, diagnostics, braces, w, words);
        for (int i = 0; i < w.size(); i++) {
            out.add(w.token(i));
        }
        return out;
    }

    /**
     * The splitting itself, over {@code t[base, n)}; columns come from {@code line} when there is one,
     * else they run on from {@code firstColumn}.
     */
    private static void split(String t, int base, int n, SourceLine line, int firstColumn, List<Diagnostic> diagnostics,
                              boolean braces, LineWords out, WordTable words) {
        int i = base;
        while (i < n) {
            char c = t.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (braces && (c == '{' || c == '}')) {
                out.add(c == '{' ? "{" : "}", column(line, firstColumn, i - base), false);
                i++;
                continue;
            }
            int start = i;
            // a plain word is a substring of the line; the builder is only needed once a quote appears
            StringBuilder w = null;
            boolean quoted = false;
            while (i < n) {
                c = t.charAt(i);
                if (c == '"' || c == '\'') {
                    if (w == null) {
                        w = new StringBuilder(n - start);
                        w.append(t, start, i);
                    }
                    quoted = true;
                    char q = c;
                    int qpos = i;
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        c = t.charAt(i);
                        if (c == q) {
                            closed = true;
                            i++;
                            break;
                        }
                        if (c == '\\' && i + 1 < n) {
                            i = escape(t, i + 1, n, w);
                            continue;
                        }
                        w.append(c);
                        i++;
                    }
                    if (!closed) {
                        diagnostics.add(Diagnostic.error(new SourcePos(out.file(), out.line(), column(line, firstColumn, qpos - base)),
                                "unterminated quoted string"));
                    }
                    continue;
                }
                if (isSpace(c) || (braces && (c == '{' || c == '}'))) {
                    break;
                }
                if (w != null) {
                    w.append(c);
                }
                i++;
            }
            String text = w != null ? w.toString() : words != null ? words.word(t, start, i) : t.substring(start, i);
            out.add(text, column(line, firstColumn, start - base), quoted);
        }
    }

    /**
     * The block depth after the line {@code t[begin, end)} when it starts at {@code depth}, counting the
     * braces {@link #split} makes words of (quotes and escapes exactly as there), without making any word:
     * lets a reader find where a top-level block ends before the parser sees it. Returns -1 for a line such
     * a reader should not follow: an unterminated quote, a {@code }} with no open block, or anything after
     * the brace that closed the outermost block.
     */
    public static int depthAfter(String t, int begin, int end, int depth) {
        boolean closed = false;
        int i = begin;
        while (i < end) {
            char c = t.charAt(i);
            if (closed) {
                if (!isSpace(c)) {
                    return -1;
                }
                i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                i++;
                while (true) {
                    if (i >= end) {
                        return -1;
                    }
                    char d = t.charAt(i);
                    if (d == c) {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < end) {
                        // as escape(): "\c" takes the character after it too, other escapes take no quote
                        i += t.charAt(i + 1) == 'c' && i + 2 < end ? 3 : 2;
                        continue;
                    }
                    i++;
                }
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return -1;
                }
                closed = --depth == 0;
            }
            i++;
        }
        return depth;
    }

    /**
     * {@link Character#isWhitespace(char)}, answered without the character tables for Latin-1: the
     * lexer asks for every character of the file, and under C1 the table lookup is a call chain.
     */
    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r') || c >= '\u001c';
        }
        return c > '\u00ff' && Character.isWhitespace(c);
    }

    private static int column(SourceLine line, int firstColumn, int index) {
        return line != null ? line.sourceColumn(index) : firstColumn + index;
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int escape(String t, int i, int n, StringBuilder w) {
        char c = t.charAt(i);
        switch (c) {
            case 'a' -> w.append('\u0007');
            case 'b' -> w.append('\b');
            case 'E' -> w.append('\u001b');
            case 'f' -> w.append('\f');
            case 'n' -> w.append('\n');
            case 'r' -> w.append('\r');
            case 't' -> w.append('\t');
            case 'v' -> w.append('\u000b');
            case 'x' -> {
                int j = i + 1;
                int v = 0;
                while (j < n && j < i + 3 && Character.digit(t.charAt(j), 16) >= 0) {
                    v = v * 16 + Character.digit(t.charAt(j), 16);
                    j++;
                }
                if (j == i + 1) {
                    w.append('x');
                    return i + 1;
                }
                w.append((char) v);
                return j;
            }
            case 'c' -> {
                if (i + 1 < n) {
                    w.append((char) (Character.toUpperCase(t.charAt(i + 1)) ^ 0x40));
                    return i + 2;
                }
                w.append('c');
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int j = i;
                    int v = 0;
                    while (j < n && j < i + 3 && t.charAt(j) >= '0' && t.charAt(j) <= '7') {
                        v = v * 8 + (t.charAt(j) - '0');
                        j++;
                    }
                    w.append((char) (v & 0xff));
                    return j;
                }
                w.append(c);
            }
        }
        return i + 1;
    }
}

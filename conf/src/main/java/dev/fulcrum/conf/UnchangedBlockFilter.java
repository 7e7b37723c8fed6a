package dev.fulcrum.conf;

import dev.fulcrum.conf.build.ConfigBuilder;
import dev.fulcrum.conf.lex.LineSink;
import dev.fulcrum.conf.lex.SourceLine;
import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.lex.Tokenizer;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.conf.syntax.Parser;

import java.nio.file.Path;
import java.util.List;

/**
 * Sits between the preprocessor and the parser during a load with a {@link ReloadCache}: holds back the
 * lines of each top-level {@code virtual_server} block until its closing brace (found by
 * {@link Tokenizer#depthAfter}, without making words), then either hands the builder the virtual server
 * an earlier load built from the same text - the lines are never tokenized, parsed or built - or passes
 * the lines on to the parser and remembers what the builder made of them. Cheaper still, a block whose
 * stretch of the file is character for character the one it stood in last time, and was plain text then,
 * is taken before the preprocessor even cuts it into lines ({@link #block}).
 *
 * <p>Correctness does not rest on the brace count: a block is remembered only after the parser, fed
 * exactly those lines from top level, handed on exactly one statement that closed on the last line,
 * with no syntax diagnostic, and the builder found it reusable ({@link ConfigBuilder#lastReusable()}).
 * The same text then parses and builds the same way wherever it stands. Lines the filter cannot follow
 * (a block opened on the next line, a one-line block, an unterminated quote) simply go to the parser.
 */
final class UnchangedBlockFilter implements LineSink {
    private static final String KEYWORD = "virtual_server";
    /** A longer block is passed on as it is read (a missing brace must not hold back the rest of the file). */
    private static final int MAX_BLOCK_LINES = 4096;

    private final Parser parser;
    private final ConfigBuilder builder;
    private final List<Diagnostic> syntax;
    private final ReloadCache cache;
    // the block being held back: line i is source[i] (a slice of the file text, or a SourceLine)
    private Object[] source = new Object[64];
    private Path[] file = new Path[64];
    private int[] lineNo = new int[64];
    private int[] begin = new int[64];
    private int[] end = new int[64];
    private int[] firstColumn = new int[64];
    private int lines;
    /** Block depth after the held lines; only kept while {@link #match} is null. */
    private int depth;
    /** The global defaults this block would be built under. */
    private Object defaults;
    /** The index key of the held block's first line. */
    private int hash;
    /** While the held lines are a prefix of this remembered block: its text, matched up to {@link #matchAt}. */
    private ReloadCache.Entry match;
    private int matchAt;

    /** The preprocessor's {@link dev.fulcrum.conf.lex.Preprocessor#irregularLines()}. */
    private final java.util.function.LongSupplier irregular;
    /** Its value when the held block opened. */
    private long irregularAtOpen;

    UnchangedBlockFilter(Parser parser, ConfigBuilder builder, List<Diagnostic> syntax, ReloadCache cache, java.util.function.LongSupplier irregular) {
        this.parser = parser;
        this.builder = builder;
        this.syntax = syntax;
        this.cache = cache;
        this.irregular = irregular;
    }

    /**
     * The cheapest reuse: the file holds, from this line on, the very characters a remembered block
     * stood in last time (indentation, comments and blank lines included), all of which were handed on
     * verbatim or blank then. Being plain text without parameters, conditionals or includes, they
     * preprocess to the same lines again, so the block is taken without cutting them into lines.
     */
    @Override
    public long block(Path f, int no, String text, int lineStart, int b, int e, int room) {
        if (lines != 0 || !opens(text, b, e)) {
            return 0;
        }
        parser.handOnHeld();
        Object d = builder.serviceDefaults();
        if (d == null) {
            return 0;
        }
        for (ReloadCache.Entry x = cache.candidates(ReloadCache.firstLineHash(text, b, e)); x != null; x = x.next) {
            int len = x.rawEnd - x.rawStart;
            if (x.raw != null && x.rawLines <= room && x.builtWith.equals(d) && text.regionMatches(lineStart, x.raw, x.rawStart, len)) {
                x.raw = text; // the new text: the old one can go once every block has moved on
                x.rawStart = lineStart;
                x.rawEnd = lineStart + len;
                builder.acceptUnchanged(x.server, new Token(KEYWORD, new SourcePos(f, no, b - lineStart + 1), false));
                cache.reuseWhole(x);
                return ((long) x.rawLines << 32) | len;
            }
        }
        return 0;
    }

    private boolean opens(String t, int b, int e) {
        if (e - b <= KEYWORD.length() || !t.startsWith(KEYWORD, b) || !parser.atTopLevel()) {
            return false;
        }
        char c = t.charAt(b + KEYWORD.length());
        return c == '{' || Character.isWhitespace(c);
    }

    @Override
    public void line(SourceLine line) {
        String t = line.text();
        if (lines == 0 && !opensBlock(t, 0, t.length())) {
            parser.line(line);
        } else {
            hold(line, line.file(), line.line(), t, 0, t.length(), 0);
        }
    }

    @Override
    public void slice(Path f, int no, String text, int b, int e, int col) {
        if (lines == 0 && !opensBlock(text, b, e)) {
            parser.slice(f, no, text, b, e, col);
        } else {
            hold(text, f, no, text, b, e, col);
        }
    }

    /** After the last line: a block still held back (never closed) goes to the parser. */
    void finish() {
        passOn();
    }

    /**
     * Whether {@code t[b, e)} starts a top-level {@code virtual_server} statement whose lines are worth
     * holding back; if so, gets ready to hold them.
     */
    private boolean opensBlock(String t, int b, int e) {
        if (!opens(t, b, e)) {
            return false;
        }
        // the statement before goes to the builder first, as reading this line would make it go: the
        // defaults cannot change while the block is held
        parser.handOnHeld();
        defaults = builder.serviceDefaults();
        if (defaults == null) {
            return false;
        }
        hash = ReloadCache.firstLineHash(t, b, e);
        match = cache.candidates(hash);
        while (match != null && !match.builtWith.equals(defaults)) {
            match = match.next;
        }
        matchAt = 0;
        depth = 0;
        irregularAtOpen = irregular.getAsLong();
        return true;
    }

    private void hold(Object src, Path f, int no, String t, int b, int e, int col) {
        if (lines == source.length) {
            grow();
        }
        source[lines] = src;
        file[lines] = f;
        lineNo[lines] = no;
        begin[lines] = b;
        end[lines] = e;
        firstColumn[lines] = col;
        lines++;
        if (match != null) {
            // a remembered block is a verified whole: while its lines come again, no brace counting
            String key = match.text;
            int len = e - b;
            if (matchAt + len < key.length() && key.charAt(matchAt + len) == '\n' && key.regionMatches(matchAt, t, b, len)) {
                matchAt += len + 1;
                if (matchAt == key.length()) {
                    reuse(match);
                }
                return;
            }
            match = null;
            depth = 0;
            for (int i = 0; i < lines - 1; i++) {
                depth = Tokenizer.depthAfter(text(i), begin[i], end[i], depth);
                if (depth <= 0) {
                    passOn();
                    return;
                }
            }
        }
        int d = Tokenizer.depthAfter(t, b, e, depth);
        depth = d;
        if (d < 0 || lines > MAX_BLOCK_LINES) {
            passOn();
        } else if (d == 0) {
            closed();
        }
    }

    private void reuse(ReloadCache.Entry e) {
        builder.acceptUnchanged(e.server, keyword());
        cache.reuse(e);
        place(e, rawPlace());
        clear();
    }

    /** Where the held block stands verbatim in its file text: {@code raw[start, end)}, {@code lines} lines. */
    private record RawPlace(String raw, int start, int end, int lines) {
    }

    /**
     * Where the held block stands verbatim in the file text, if it can be taken whole next time (every
     * held line a slice of one text, and no line between them more than blank); null if it cannot.
     */
    private RawPlace rawPlace() {
        if (!(source[0] instanceof String t) || irregular.getAsLong() != irregularAtOpen) {
            return null;
        }
        for (int i = 1; i < lines; i++) {
            if (source[i] != t) {
                return null;
            }
        }
        int nl = t.indexOf('\n', end[lines - 1]);
        return nl < 0 ? null : new RawPlace(t, begin[0] - (firstColumn[0] - 1), nl + 1, lineNo[lines - 1] - lineNo[0] + 1);
    }

    private static void place(ReloadCache.Entry e, RawPlace p) {
        e.raw = p == null ? null : p.raw();
        if (p != null) {
            e.rawStart = p.start();
            e.rawEnd = p.end();
            e.rawLines = p.lines();
        }
    }

    /** The held block closed on its last line: reuse or build it. */
    private void closed() {
        for (ReloadCache.Entry e = cache.candidates(hash); e != null; e = e.next) {
            if (e.builtWith.equals(defaults) && sameText(e.text)) {
                reuse(e);
                return;
            }
        }
        int diagnostics = syntax.size();
        int blocks = builder.blocksRead();
        String key = heldText();
        RawPlace raw = rawPlace();
        passOn();
        VirtualServer built = builder.lastReusable();
        if (built != null && syntax.size() == diagnostics && builder.blocksRead() == blocks + 1 && parser.holdsNothing()) {
            place(cache.add(hash, key, built, defaults), raw);
        }
    }

    /** The keyword of the held block, where a build would have put it. */
    private Token keyword() {
        Object src = source[0];
        SourcePos pos = src instanceof SourceLine l ? l.posAt(0) : new SourcePos(file[0], lineNo[0], firstColumn[0]);
        return new Token(KEYWORD, pos, false);
    }

    /** The text of held line {@code i}: the string its bounds index into. */
    private String text(int i) {
        Object src = source[i];
        return src instanceof SourceLine l ? l.text() : (String) src;
    }

    /** Whether the held lines, each followed by a line break, are exactly {@code key}. */
    private boolean sameText(String key) {
        int at = 0;
        int n = key.length();
        for (int i = 0; i < lines; i++) {
            int len = end[i] - begin[i];
            if (at + len >= n || !key.regionMatches(at, text(i), begin[i], len) || key.charAt(at + len) != '\n') {
                return false;
            }
            at += len + 1;
        }
        return at == n;
    }

    private String heldText() {
        int n = 0;
        for (int i = 0; i < lines; i++) {
            n += end[i] - begin[i] + 1;
        }
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < lines; i++) {
            b.append(text(i), begin[i], end[i]).append('\n');
        }
        return b.toString();
    }

    /** Hands the held lines to the parser, in order. */
    private void passOn() {
        for (int i = 0; i < lines; i++) {
            if (source[i] instanceof SourceLine l) {
                parser.line(l);
            } else {
                parser.slice(file[i], lineNo[i], (String) source[i], begin[i], end[i], firstColumn[i]);
            }
        }
        clear();
    }

    private void clear() {
        for (int i = 0; i < lines; i++) {
            source[i] = null;
            file[i] = null;
        }
        lines = 0;
        depth = 0;
        match = null;
    }

    private void grow() {
        int n = source.length * 2;
        source = java.util.Arrays.copyOf(source, n);
        file = java.util.Arrays.copyOf(file, n);
        lineNo = java.util.Arrays.copyOf(lineNo, n);
        begin = java.util.Arrays.copyOf(begin, n);
        end = java.util.Arrays.copyOf(end, n);
        firstColumn = java.util.Arrays.copyOf(firstColumn, n);
    }
}

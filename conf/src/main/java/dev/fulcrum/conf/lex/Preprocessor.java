package dev.fulcrum.conf.lex;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.SourcePos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The line layer of keepalived.conf, applied in keepalived's order: comments, includes (recognised
 * before anything else), {@code @id} conditionals, {@code $NAME=} definitions, parameter expansion and
 * {@code ~SEQ}/{@code ~LST} repetition. Produces the lines the tokenizer sees, each character still
 * carrying its source column.
 */
public final class Preprocessor {
    /** keepalived's MAXBUF: longer lines are rejected. */
    public static final int MAX_LINE = 1024;
    private static final int MAX_INCLUDE_DEPTH = 32;
    private static final long MAX_FILE_BYTES = 256L << 20;
    private static final int MAX_EXPANSION_DEPTH = 32;
    private static final int MAX_OUTPUT_LINES = 5_000_000;
    private static final Set<String> INCLUDE_WORDS = Set.of("include", "includer", "includem", "includew", "includeb", "includea");

    private final LoadOptions options;
    private final List<Diagnostic> diagnostics;
    private final Map<String, List<SourceLine>> params = new HashMap<>();
    private final Deque<Path> includeStack = new ArrayDeque<>();
    private final ArrayList<SourceLine> out = new ArrayList<>();
    /** Where finished lines go: {@link #out} for {@link #run}, the parser for {@link #stream}. */
    private final LineSink collect = out::add;
    private LineSink sink = collect;
    private int emitted;
    /** Whether the line {@link #commentStart} last scanned has a {@code $} before its comment. */
    private boolean dollar;
    private final Random random;
    private final List<Path> filesRead = new ArrayList<>();
    private boolean outputOverflow;
    /** Lines that were neither blank (or a comment) nor handed on as a plain slice: see {@link #irregularLines()}. */
    private long irregular;

    public Preprocessor(LoadOptions options, List<Diagnostic> diagnostics) {
        this.options = options;
        this.diagnostics = diagnostics;
        this.random = new Random(options.randomSeed());
    }

    /** Every file read, in order; the reload path watches them. */
    /**
     * How many lines so far were not blank or a comment and yet not handed on as a plain
     * {@link LineSink#slice slice}: too long, included, conditional, a parameter definition or use, a
     * repetition. A sink that saw this count unchanged across a run of slices of one text knows that every
     * line of that stretch of the file was either handed on verbatim or blank, so the same stretch read
     * again yields the same lines ({@link LineSink#block}).
     */
    public long irregularLines() {
        return irregular;
    }

    public List<Path> filesRead() {
        return List.copyOf(filesRead);
    }

    /** Reads the top-level file; a missing or unreadable file is an error at line 1. */
    public List<SourceLine> run(Path file) {
        readFile(file.normalize(), null);
        return out;
    }

    /** For tests and tools: preprocesses text as if it were the content of {@code file}. */
    public List<SourceLine> runText(Path file, String text) {
        includeStack.push(file.toAbsolutePath().normalize());
        processText(file, text);
        includeStack.pop();
        return out;
    }

    /** As {@link #run}, handing each line to {@code lines} as soon as it is complete instead of keeping it. */
    public void stream(Path file, LineSink lines) {
        sink = lines;
        readFile(file.normalize(), null);
    }

    /** As {@link #runText}, handing each line to {@code lines} as soon as it is complete. */
    public void streamText(Path file, String text, LineSink lines) {
        sink = lines;
        runText(file, text);
    }

    private void readFile(Path file, SourcePos includedFrom) {
        Path real = file.toAbsolutePath().normalize();
        try {
            real = file.toRealPath();
        } catch (IOException | SecurityException e) {
            // keep the absolute path; the read below reports the problem
        }
        if (includeStack.contains(real)) {
            StringBuilder chain = new StringBuilder();
            List<Path> stack = new ArrayList<>(includeStack);
            for (int i = stack.size() - 1; i >= 0; i--) {
                chain.append(stack.get(i).getFileName()).append(" -> ");
            }
            chain.append(real.getFileName());
            diagnostics.add(Diagnostic.error(includedFrom, "include cycle: " + chain));
            return;
        }
        if (includeStack.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.add(Diagnostic.error(includedFrom, "includes nested deeper than " + MAX_INCLUDE_DEPTH));
            return;
        }
        String text;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new IOException("not a regular file");
            }
            if (Files.exists(file) && Files.size(file) > MAX_FILE_BYTES) {
                throw new IOException("larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            // malformed input becomes U+FFFD, as with a REPLACE decoder, without the intermediate CharBuffer
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            SourcePos at = includedFrom != null ? includedFrom : new SourcePos(file, 1, 1);
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
            diagnostics.add(Diagnostic.error(at, "cannot read configuration file " + file + ": " + why));
            return;
        }
        filesRead.add(file);
        includeStack.push(real);
        processText(file, text);
        includeStack.pop();
    }

    private void processText(Path file, String text) {
        // lines as text.split("\n", -1) without a trailing empty one, but cut straight out of the file
        // text: a plain line costs one substring (comment and surrounding blanks already removed)
        int len = text.length();
        if (sink == collect) {
            out.ensureCapacity(out.size() + len / 12);
        }
        int pos = 0;
        int n = 0;
        String pendingName = null;
        List<SourceLine> pendingValue = null;
        while (pos < len) {
            int start = pos;
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = len;
            }
            pos = end + 1;
            int lineNo = ++n;
            int rawEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (rawEnd - start >= MAX_LINE) {
                diagnostics.add(Diagnostic.error(new SourcePos(file, lineNo, MAX_LINE),
                        "line too long (" + (rawEnd - start) + " characters, at most " + (MAX_LINE - 1) + ")"));
                irregular++;
                continue;
            }
            if (pendingName == null) {
                int cut = commentStart(text, start, rawEnd);
                int a = start;
                while (a < cut && Tokenizer.isSpace(text.charAt(a))) {
                    a++;
                }
                int b = cut;
                while (b > a && Tokenizer.isSpace(text.charAt(b - 1))) {
                    b--;
                }
                if (a == b) {
                    continue;
                }
                char c0 = text.charAt(a);
                if (c0 == 'v' && !dollar && sink != collect) {
                    // a block the sink has seen verbatim before is taken whole, without cutting its lines
                    long took = sink.block(file, lineNo, text, start, a, b, MAX_OUTPUT_LINES - emitted);
                    if (took != 0) {
                        int lines = (int) (took >>> 32);
                        pos = start + (int) took;
                        n += lines - 1;
                        emitted += lines;
                        continue;
                    }
                }
                if (c0 != '@' && c0 != '~' && !dollar && (c0 != 'i' || !text.startsWith("include", a))) {
                    // nothing to include, select, define, expand or repeat: the sink reads the file text
                    if (room(file, lineNo, a - start + 1)) {
                        sink.slice(file, lineNo, text, a, b, a - start + 1);
                    }
                    continue;
                }
                // a slice: its text is only copied out if something below asks for it
                irregular++;
                SourceLine s = SourceLine.slice(file, lineNo, text, a, b, a - start + 1);
                if (c0 == 'i' && text.startsWith("include", a) && isInclude(s)) {
                    include(s);
                    continue;
                }
                if (c0 != '@' && c0 != '$' && c0 != '~' && indexOf(text, '$', a, b) < 0) {
                    emit(s);
                    continue;
                }
                SourceLine sel = selectConditional(s);
                if (sel == null) {
                    continue;
                }
                pendingName = defineOrEmit(sel);
                if (pendingName != null) {
                    pendingValue = new ArrayList<>();
                    SourceLine value = sel.substring(pendingName.length() + 2).strip();
                    SourceLine first = value.substring(0, value.text().length() - 1).strip();
                    if (!first.text().isEmpty()) {
                        pendingValue.add(first);
                    }
                }
                continue;
            }
            // continuation of a multi-line $NAME= definition
            irregular++;
            SourceLine line = stripComment(SourceLine.of(file, lineNo, text.substring(start, rawEnd), 1));
            boolean more = line.text().endsWith("\\");
            SourceLine body = more ? line.substring(0, line.text().length() - 1) : line;
            if (!body.text().isBlank()) {
                pendingValue.add(body);
            }
            if (!more) {
                params.put(pendingName, List.copyOf(pendingValue));
                pendingName = null;
                pendingValue = null;
            }
        }
        if (pendingName != null) {
            params.put(pendingName, List.copyOf(pendingValue));
            diagnostics.add(Diagnostic.warning(new SourcePos(file, n, 1),
                    "multi-line parameter $" + pendingName + " continues past the end of the file"));
        }
    }

    /**
     * A stripped, selected line: records a {@code $NAME=} definition, or expands and emits the line.
     * Returns the parameter name when the definition continues on the next line ({@code \\} at its end).
     */
    private String defineOrEmit(SourceLine sel) {
        String[] def = definition(sel);
        if (def == null) {
            emitExpanded(sel, 0);
            return null;
        }
        String name = def[0];
        SourceLine value = sel.substring(name.length() + 2).strip();
        if (name.startsWith("_")) {
            diagnostics.add(Diagnostic.error(sel.posAt(0), "parameter names starting with '_' are reserved: $" + name));
            return null;
        }
        if (value.text().endsWith("\\")) {
            return name;
        }
        params.put(name, value.text().isEmpty() ? List.of() : List.of(value));
        return null;
    }

    private static int indexOf(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index in {@code text} where the comment of the line {@code [from, to)} starts, or {@code to}; sets
     * {@link #dollar} when a {@code $} comes before it (one pass for both).
     */
    private int commentStart(String text, int from, int to) {
        char quote = 0;
        dollar = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '$') {
                dollar = true;
            }
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                    if (i < to && text.charAt(i) == '$') {
                        dollar = true;
                    }
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' || c == '!') {
                return i;
            }
        }
        return to;
    }

    /** Comments start at {@code #} or {@code !} outside quotes and run to the end of the line. */
    static SourceLine stripComment(SourceLine line) {
        String t = line.text();
        char quote = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' || c == '!') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static boolean isInclude(SourceLine s) {
        String t = s.text();
        if (!t.startsWith("include")) {
            return false;
        }
        int sp = 0;
        while (sp < t.length() && !Character.isWhitespace(t.charAt(sp))) {
            sp++;
        }
        return sp < t.length() && INCLUDE_WORDS.contains(t.substring(0, sp));
    }

    private void include(SourceLine s) {
        List<Token> words = Tokenizer.words(s, diagnostics);
        if (words.size() < 2) {
            diagnostics.add(Diagnostic.error(s.posAt(0), "include needs a file name or pattern"));
            return;
        }
        Path current = s.file().toAbsolutePath().getParent();
        for (Token w : words.subList(1, words.size())) {
            List<Path> matches;
            try {
                matches = Glob.expand(current, w.text());
            } catch (java.nio.file.InvalidPathException e) {
                diagnostics.add(Diagnostic.error(w.pos(), "invalid include pattern '" + w.text().replace("\0", "\\0") + "': " + e.getReason()));
                continue;
            }
            if (matches.isEmpty()) {
                diagnostics.add(Diagnostic.warning(w.pos(), "config files missing '" + w.text() + "' (include matched no file)"));
            }
            for (Path p : matches) {
                readFile(p, w.pos());
            }
        }
    }

    /** Applies {@code @ID}/{@code @^ID}: returns the rest of the line, or null if it is not for this id. */
    private SourceLine selectConditional(SourceLine s) {
        while (s.text().startsWith("@")) {
            String t = s.text();
            boolean negate = t.length() > 1 && t.charAt(1) == '^';
            int start = negate ? 2 : 1;
            int end = start;
            while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
                end++;
            }
            String id = t.substring(start, end);
            if (id.isEmpty()) {
                diagnostics.add(Diagnostic.error(s.posAt(0), "'@' without a config id"));
                return null;
            }
            boolean match = id.equals(options.configId());
            if (match == negate) {
                return null;
            }
            s = s.substring(end).strip();
            if (s.text().isEmpty()) {
                return null;
            }
        }
        return s;
    }

    /** {@code $NAME=...} at line start: returns {name}, else null. */
    private static String[] definition(SourceLine s) {
        String t = s.text();
        if (!t.startsWith("$") || t.length() < 3) {
            return null;
        }
        int i = 1;
        if (!isNameStart(t.charAt(i))) {
            return null;
        }
        while (i < t.length() && isNameChar(t.charAt(i))) {
            i++;
        }
        if (i < t.length() && t.charAt(i) == '=') {
            return new String[] {t.substring(1, i)};
        }
        return null;
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private void emit(SourceLine l) {
        if (room(l.file(), l.line(), l.sourceColumn(0))) {
            sink.line(l);
        }
    }

    /** Counts a line about to be emitted; false (reported once) past {@link #MAX_OUTPUT_LINES}. */
    private boolean room(Path file, int line, int column) {
        if (emitted >= MAX_OUTPUT_LINES) {
            if (!outputOverflow) {
                outputOverflow = true;
                diagnostics.add(Diagnostic.error(new SourcePos(file, line, column), "expansion produces more than " + MAX_OUTPUT_LINES + " lines"));
            }
            return false;
        }
        emitted++;
        return true;
    }

    /** Expands parameters, then repetition; a conditional produced by a parameter is honoured. */
    private void emitExpanded(SourceLine s, int depth) {
        if (depth > MAX_EXPANSION_DEPTH) {
            diagnostics.add(Diagnostic.error(s.posAt(0), "parameter expansion nested deeper than " + MAX_EXPANSION_DEPTH));
            return;
        }
        s = s.strip();
        if (s.text().isEmpty()) {
            return;
        }
        if (s.text().startsWith("~SEQ") || s.text().startsWith("~LST")) {
            repeat(s, depth);
            return;
        }
        if (s.text().indexOf('$') < 0 && s.text().charAt(0) != '@') {
            // expand() would return the line itself, which is no conditional and no definition
            emit(s);
            return;
        }
        List<SourceLine> lines = expand(s, 0);
        for (SourceLine l : lines) {
            SourceLine t = l.strip();
            if (t.text().isEmpty()) {
                continue;
            }
            if (t.text().startsWith("@")) {
                t = selectConditional(t);
                if (t == null) {
                    continue;
                }
            }
            if (definition(t) != null) {
                String name = definition(t)[0];
                params.put(name, List.of(t.substring(name.length() + 2).strip()));
                continue;
            }
            if (t.text().startsWith("~SEQ") || t.text().startsWith("~LST")) {
                repeat(t, depth + 1);
                continue;
            }
            emit(t);
        }
    }

    /**
     * Replaces {@code ${NAME}} anywhere and {@code $NAME} before whitespace or the end of the line.
     * A multi-line value splits the line. Undefined names are left as written.
     */
    List<SourceLine> expand(SourceLine s, int depth) {
        List<SourceLine> result = new ArrayList<>();
        if (s.text().indexOf('$') < 0) {
            result.add(s);
            return result;
        }
        if (depth > MAX_EXPANSION_DEPTH) {
            diagnostics.add(Diagnostic.error(s.posAt(0), "parameter expansion nested deeper than " + MAX_EXPANSION_DEPTH + " (recursive definition?)"));
            result.add(s);
            return result;
        }
        String t = s.text();
        SourceLine.Builder b = new SourceLine.Builder(s.file(), s.line());
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c != '$') {
                b.append(c, s.columnAt(i));
                i++;
                continue;
            }
            int col = s.columnAt(i);
            String name = null;
            int end = -1;
            if (i + 1 < t.length() && t.charAt(i + 1) == '{') {
                int close = t.indexOf('}', i + 2);
                if (close > 0) {
                    name = t.substring(i + 2, close).strip();
                    end = close + 1;
                }
            } else if (i + 1 < t.length() && isNameStart(t.charAt(i + 1))) {
                int j = i + 1;
                while (j < t.length() && isNameChar(t.charAt(j))) {
                    j++;
                }
                if (j == t.length() || Character.isWhitespace(t.charAt(j))) {
                    name = t.substring(i + 1, j);
                    end = j;
                }
            }
            List<SourceLine> value = name == null ? null : lookup(name, s, i, col);
            if (value == null) {
                b.append(c, col);
                i++;
                continue;
            }
            // expand the value recursively (lazy: looked up now, at use)
            List<SourceLine> expandedValue = new ArrayList<>();
            for (SourceLine v : value) {
                SourceLine relocated = relocate(v, s, col);
                expandedValue.addAll(expand(relocated, depth + 1));
            }
            for (int k = 0; k < expandedValue.size(); k++) {
                SourceLine v = expandedValue.get(k);
                if (k > 0) {
                    result.add(b.build());
                    b = new SourceLine.Builder(s.file(), s.line());
                }
                b.append(v, 0, v.text().length());
            }
            i = end;
        }
        result.add(b.build());
        return result;
    }

    /** A parameter value used on a line reports the position of its use. */
    private static SourceLine relocate(SourceLine value, SourceLine use, int col) {
        return SourceLine.at(use.file(), use.line(), value.text(), col);
    }

    private List<SourceLine> lookup(String name, SourceLine s, int index, int col) {
        List<SourceLine> v = params.get(name);
        if (v != null) {
            return v;
        }
        String[] parts = name.split("\\s+");
        String word = parts[0];
        String value = switch (word) {
            case "_PWD" -> {
                Path parent = s.file().toAbsolutePath().getParent();
                yield parent == null ? "/" : parent.toString();
            }
            case "_INSTANCE" -> options.configId();
            case "_HASH" -> "#";
            case "_BANG" -> "!";
            case "_ENV" -> parts.length > 1 ? options.environment().getOrDefault(parts[1], "") : null;
            case "_RANDOM" -> randomValue(parts, s.posAt(index));
            default -> null;
        };
        if (value == null) {
            return null;
        }
        return List.of(SourceLine.of(s.file(), s.line(), value, col));
    }

    private String randomValue(String[] parts, SourcePos pos) {
        long min = 0;
        long max = 32767;
        try {
            if (parts.length > 1) {
                min = Long.parseLong(parts[1]);
            }
            if (parts.length > 2) {
                max = Long.parseLong(parts[2]);
            }
        } catch (NumberFormatException e) {
            diagnostics.add(Diagnostic.error(pos, "${_RANDOM} bounds must be integers"));
            return "0";
        }
        if (max < min) {
            diagnostics.add(Diagnostic.error(pos, "${_RANDOM} maximum " + max + " is below minimum " + min));
            return Long.toString(min);
        }
        return Long.toString(min + (long) (random.nextDouble() * (max - min + 1)));
    }

    /** {@code ~SEQ(var,start,step,end)} / {@code ~SEQx(...)} / {@code ~LST(var,v1,...)}: repeats the rest of the line. */
    private void repeat(SourceLine s, int depth) {
        String t = s.text();
        boolean hex = t.startsWith("~SEQx(");
        boolean seq = t.startsWith("~SEQ");
        int open = t.indexOf('(');
        if (open < 0 || (seq && open != (hex ? 5 : 4)) || (!seq && open != 4)) {
            diagnostics.add(Diagnostic.error(s.posAt(0), "malformed " + t.substring(0, Math.min(t.length(), 4)) + ": expected '('"));
            return;
        }
        int close = matchingParen(t, open);
        if (close < 0) {
            diagnostics.add(Diagnostic.error(s.posAt(open), "missing ')' in " + (seq ? "~SEQ" : "~LST")));
            return;
        }
        SourceLine argsLine = expand(s.substring(open + 1, close), 0).get(0);
        String args = argsLine.text();
        SourceLine rest = s.substring(close + 1);
        SourcePos pos = s.posAt(0);
        if (seq) {
            String[] a = args.split(",", -1);
            for (int k = 0; k < a.length; k++) {
                a[k] = a[k].strip();
            }
            if (a.length < 2 || a.length > 4 || !isVarName(a[0])) {
                diagnostics.add(Diagnostic.error(pos, "~SEQ needs (var, [start, [step,]] end)"));
                return;
            }
            long start;
            long step;
            long end;
            try {
                end = Long.parseLong(a[a.length - 1]);
                start = a.length >= 3 ? Long.parseLong(a[1]) : (end >= 0 ? 1 : -1);
                step = a.length == 4 ? Long.parseLong(a[2]) : (end >= start ? 1 : -1);
            } catch (NumberFormatException e) {
                diagnostics.add(Diagnostic.error(pos, "~SEQ bounds must be integers: " + args));
                return;
            }
            if (step == 0 || (step > 0 && end < start) || (step < 0 && end > start)) {
                diagnostics.add(Diagnostic.error(pos, "~SEQ(" + args + ") never reaches its end"));
                return;
            }
            if (Math.abs((end - start) / step) > MAX_OUTPUT_LINES) {
                diagnostics.add(Diagnostic.error(pos, "~SEQ(" + args + ") repeats too many times"));
                return;
            }
            List<SourceLine> saved = params.get(a[0]);
            for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                params.put(a[0], List.of(SourceLine.of(s.file(), s.line(), hex ? Long.toHexString(v) : Long.toString(v), pos.column())));
                emitExpanded(rest, depth + 1);
                if (outputOverflow) {
                    break;
                }
            }
            restore(a[0], saved);
            return;
        }
        // ~LST(var, v1, v2...) or ~LST({A, B}, {1, 2}, {3, 4})
        List<String> items = splitTopLevel(args);
        if (items.size() < 2) {
            diagnostics.add(Diagnostic.error(pos, "~LST needs (var, value...)"));
            return;
        }
        List<String> vars = unbrace(items.get(0));
        for (String v : vars) {
            if (!isVarName(v)) {
                diagnostics.add(Diagnostic.error(pos, "~LST variable name '" + v + "' is not valid"));
                return;
            }
        }
        Map<String, List<SourceLine>> saved = new HashMap<>();
        for (String v : vars) {
            saved.put(v, params.get(v));
        }
        for (String item : items.subList(1, items.size())) {
            List<String> values = unbrace(item);
            if (values.size() != vars.size()) {
                diagnostics.add(Diagnostic.error(pos, "~LST value " + item + " does not have " + vars.size() + " parts"));
                continue;
            }
            for (int k = 0; k < vars.size(); k++) {
                params.put(vars.get(k), List.of(SourceLine.of(s.file(), s.line(), values.get(k), pos.column())));
            }
            emitExpanded(rest, depth + 1);
        }
        for (String v : vars) {
            restore(v, saved.get(v));
        }
    }

    private void restore(String name, List<SourceLine> saved) {
        if (saved == null) {
            params.remove(name);
        } else {
            params.put(name, saved);
        }
    }

    private static boolean isVarName(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int matchingParen(String t, int open) {
        int d = 0;
        for (int i = open; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')') {
                d--;
                if (d == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int d = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                d++;
            } else if (c == '}') {
                d--;
            } else if (c == ',' && d == 0) {
                parts.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(s.substring(start).strip());
        return parts;
    }

    private static List<String> unbrace(String s) {
        s = s.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            List<String> r = new ArrayList<>();
            for (String p : s.substring(1, s.length() - 1).split(",", -1)) {
                r.add(p.strip());
            }
            return r;
        }
        return List.of(s);
    }
}

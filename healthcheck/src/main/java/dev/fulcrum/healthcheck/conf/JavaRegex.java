package dev.fulcrum.healthcheck.conf;

import dev.fulcrum.conf.model.HttpUrl;
import dev.fulcrum.conf.model.RegexOption;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A url's keepalived regex (PCRE2 syntax with {@code regex_options} and offsets) in java.util.regex terms,
 * or why it cannot be: a pattern Java does not compile, or an option Java cannot honour
 * ({@link RegexOption.Support#UNSUPPORTED}). Such a regex is not evaluated rather than evaluated
 * differently, and is reported by {@code fulcrum probe}.
 *
 * <p>PCRE2 {@code extended} is Java's {@link Pattern#COMMENTS} except inside a character class, where PCRE2
 * keeps whitespace and {@code #} literal and Java drops them; the translation escapes them there.
 */
public final class JavaRegex {
    private JavaRegex() {
    }

    /** The outcome of {@link #translate}. */
    public sealed interface Translation {
    }

    /** The pattern to compile and how to apply it. */
    public record Translated(String pattern, UrlSpec.RegexMatching matching) implements Translation {
    }

    /** Not evaluated, and why (one line for {@code fulcrum probe}). */
    public record Refused(String why) implements Translation {
    }

    /** {@code url} must have a regex. */
    public static Translation translate(HttpUrl url) {
        String pcre = url.regex().orElseThrow();
        List<String> unsupported = new ArrayList<>(0);
        int flags = 0;
        boolean firstLine = false;
        boolean extended = false;
        for (RegexOption o : url.regexOptions()) {
            switch (o.support()) {
                case JAVA_FLAG -> flags |= o.javaFlag();
                case BOUNDS -> firstLine = true;
                case UNSUPPORTED -> unsupported.add(o.keyword() + " (" + o.how() + ")");
                case NO_EFFECT -> {
                    // nothing to do: it cannot change whether or where a match is found
                }
            }
            extended |= o == RegexOption.EXTENDED;
        }
        if (!unsupported.isEmpty()) {
            return new Refused("regex_options " + String.join(", ", unsupported) + " cannot be honoured by Java's regex engine; "
                    + "the regex is not evaluated");
        }
        String pattern = rewriteClasses(pcre, extended, true);
        if (pattern == null) {
            return new Refused("regex names a POSIX class PCRE2 does not know (" + unknownPosixClass(pcre) + ") and is not evaluated");
        }
        if ((flags & Pattern.DOTALL) == 0 && url.regexMinOffset().orElse(0) == 0 && leadingDotStarOnly(pattern)) {
            pattern = LINE_START + pattern;
        }
        UrlSpec.RegexMatching matching = new UrlSpec.RegexMatching(flags, firstLine, url.regexMinOffset().orElse(0),
                url.regexMaxOffset().orElse(Long.MAX_VALUE));
        try {
            Pattern.compile(pattern, matching.compileFlags());
        } catch (PatternSyntaxException e) {
            return new Refused("regex is not valid Java regex syntax (" + e.getDescription() + ") and is not evaluated");
        }
        return new Translated(pattern, matching);
    }

    /** PCRE2's POSIX class names inside a bracket class, and what Java writes for each (negated: \P{..} or \W). */
    private static final java.util.Map<String, String[]> POSIX = java.util.Map.ofEntries(
            java.util.Map.entry("alnum", new String[] {"\\p{Alnum}", "\\P{Alnum}"}),
            java.util.Map.entry("alpha", new String[] {"\\p{Alpha}", "\\P{Alpha}"}),
            java.util.Map.entry("ascii", new String[] {"\\p{ASCII}", "\\P{ASCII}"}),
            java.util.Map.entry("blank", new String[] {"\\p{Blank}", "\\P{Blank}"}),
            java.util.Map.entry("cntrl", new String[] {"\\p{Cntrl}", "\\P{Cntrl}"}),
            java.util.Map.entry("digit", new String[] {"\\p{Digit}", "\\P{Digit}"}),
            java.util.Map.entry("graph", new String[] {"\\p{Graph}", "\\P{Graph}"}),
            java.util.Map.entry("lower", new String[] {"\\p{Lower}", "\\P{Lower}"}),
            java.util.Map.entry("print", new String[] {"\\p{Print}", "\\P{Print}"}),
            java.util.Map.entry("punct", new String[] {"\\p{Punct}", "\\P{Punct}"}),
            java.util.Map.entry("space", new String[] {"\\p{Space}", "\\P{Space}"}),
            java.util.Map.entry("upper", new String[] {"\\p{Upper}", "\\P{Upper}"}),
            java.util.Map.entry("word", new String[] {"\\w", "\\W"}),
            java.util.Map.entry("xdigit", new String[] {"\\p{XDigit}", "\\P{XDigit}"}));

    /**
     * Rewrites PCRE2's POSIX classes inside bracket classes ({@code [[:alpha:]_]}, {@code [[:^digit:]]})
     * as Java's {@code \p{Alpha}} / {@code \P{Digit}}: Java reads {@code [:alpha:]} as the characters
     * {@code : a l p h}, so a keepalived regex using them would match something else without a word.
     * Returns null when a name is not one PCRE2 knows (PCRE2 refuses such a pattern too).
     */
    static String posixClasses(String p) {
        return rewriteClasses(p, false, true);
    }

    private static String unknownPosixClass(String p) {
        java.util.regex.Matcher m = Pattern.compile("\\[:\\^?([a-z]*):]").matcher(p);
        while (m.find()) {
            if (!POSIX.containsKey(m.group(1))) {
                return m.group();
            }
        }
        return "?";
    }

    /** Java's multiline ^ (LF only, as the pattern is compiled with UNIX_LINES), in a scoped group. */
    static final String LINE_START = "(?m:^)";

    /**
     * Whether PCRE2 would anchor the pattern implicitly at line starts: it begins with {@code .*} (greedy
     * or lazy), has no top-level alternative and no back reference. For such a pattern, without dotall and
     * searched from the body's start, a match exists at a line start whenever one exists anywhere in that
     * line, so the leftmost match start is the same; Java, which has no such optimisation, would otherwise
     * retry the {@code .*} from every byte (steps ≈ body × line length, which the step budget would stop).
     */
    static boolean leadingDotStarOnly(String p) {
        if (!p.startsWith(".*")) {
            return false;
        }
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(i + 1);
                if (n == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    i = end < 0 ? p.length() : end + 1;
                    continue;
                }
                if (!inClass && ((n >= '1' && n <= '9') || n == 'k' || n == 'g')) {
                    return false;
                }
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Escapes whitespace and {@code #} inside character classes, where PCRE2 extended mode keeps them and
     * Java's COMMENTS mode would drop them. Escapes and {@code \Q...\E} are copied as they are; a {@code ]}
     * right after {@code [} or {@code [^} is a literal in both syntaxes.
     */
    static String literalClassSpace(String p) {
        return rewriteClasses(p, true, false);
    }

    /**
     * One pass over a PCRE2 pattern that knows where its character classes are (escapes and {@code \Q...\E}
     * are copied as they are; a {@code ]} right after {@code [} or {@code [^} is a literal in both syntaxes).
     * Inside a class it escapes whitespace and {@code #} ({@code escapeSpace}, for extended mode) and
     * rewrites POSIX names ({@code posix}); returns null for a POSIX name PCRE2 does not know.
     */
    static String rewriteClasses(String p, boolean escapeSpace, boolean posix) {
        if (!escapeSpace && !p.contains("[:")) {
            return p;
        }
        StringBuilder out = new StringBuilder(p.length() + 8);
        boolean inClass = false;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                if (p.charAt(i + 1) == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    int stop = end < 0 ? p.length() : end + 2;
                    out.append(p, i, stop);
                    i = stop;
                } else {
                    out.append(c).append(p.charAt(i + 1));
                    i += 2;
                }
                continue;
            }
            if (!inClass && c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < p.length() && p.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < p.length() && p.charAt(i) == ']') {
                    out.append(']');
                    i++;
                }
                continue;
            }
            if (inClass && c == ']') {
                inClass = false;
            } else if (inClass && c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int end = p.indexOf(":]", i + 2);
                if (end > 0) {
                    if (posix) {
                        String name = p.substring(i + 2, end);
                        boolean negated = name.startsWith("^");
                        String[] java = POSIX.get(negated ? name.substring(1) : name);
                        if (java == null) {
                            return null;
                        }
                        out.append(java[negated ? 1 : 0]);
                    } else {
                        out.append(p, i, end + 2);
                    }
                    i = end + 2;
                    continue;
                }
            } else if (escapeSpace && inClass && (c == '#' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r')) {
                out.append(String.format("\\x%02x", (int) c));
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}

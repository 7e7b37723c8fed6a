package dev.fulcrum.conf.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One PCRE2 compile option of a url's {@code regex_options}: the names keepalived 2.2.7 accepts
 * (check_http.c), each with what Fulcrum, which evaluates url regexes with {@code java.util.regex}, can do
 * with it. keepalived ignores a name it does not know; so does Fulcrum, with a warning.
 *
 * <p>Why the classification lives in the model: the conf module must warn, at the option's position, about
 * an option that would change results if it were dropped, and the healthcheck must refuse to evaluate such
 * a regex rather than evaluate it differently; both read the same table.
 */
public enum RegexOption {
    ALLOW_EMPTY_CLASS(Support.UNSUPPORTED, 0, "Java has no empty character class"),
    ALT_BSUX(Support.UNSUPPORTED, 0, "Java has no ECMAScript \\u \\U \\x escapes"),
    AUTO_CALLOUT(Support.NO_EFFECT, 0, "keepalived sets no callout function"),
    CASELESS(Support.JAVA_FLAG, Pattern.CASE_INSENSITIVE, "CASE_INSENSITIVE (ASCII, as PCRE2 without ucp)"),
    DOLLAR_ENDONLY(Support.UNSUPPORTED, 0, "Java's $ always also matches before a final newline"),
    DOTALL(Support.JAVA_FLAG, Pattern.DOTALL, "DOTALL"),
    DUPNAMES(Support.NO_EFFECT, 0, "a pattern with duplicate group names does not compile in Java and is reported as such"),
    EXTENDED(Support.JAVA_FLAG, Pattern.COMMENTS, "COMMENTS, whitespace and # inside a character class kept literal"),
    FIRSTLINE(Support.BOUNDS, 0, "the match must start at or before the first newline after the start offset"),
    MATCH_UNSET_BACKREF(Support.UNSUPPORTED, 0, "a Java back reference to an unset group never matches"),
    MULTILINE(Support.JAVA_FLAG, Pattern.MULTILINE, "MULTILINE"),
    NEVER_UCP(Support.NO_EFFECT, 0, "Java never switches to Unicode properties by itself"),
    NEVER_UTF(Support.NO_EFFECT, 0, "the body is always read as bytes (ISO-8859-1)"),
    NO_AUTO_CAPTURE(Support.UNSUPPORTED, 0, "Java has no flag that makes plain parentheses non-capturing"),
    NO_AUTO_POSSESS(Support.NO_EFFECT, 0, "an optimisation switch; results are the same"),
    NO_DOTSTAR_ANCHOR(Support.NO_EFFECT, 0, "an optimisation switch; results are the same"),
    NO_START_OPTIMIZE(Support.NO_EFFECT, 0, "an optimisation switch; results differ only with backtracking verbs, which Java does not compile"),
    UCP(Support.JAVA_FLAG, Pattern.UNICODE_CHARACTER_CLASS, "UNICODE_CHARACTER_CLASS"),
    UNGREEDY(Support.UNSUPPORTED, 0, "Java has no flag that inverts quantifier greediness"),
    UTF(Support.UNSUPPORTED, 0, "the body is read as bytes (ISO-8859-1), not UTF-8"),
    NEVER_BACKSLASH_C(Support.NO_EFFECT, 0, "Java has no \\C; a pattern using it does not compile and is reported as such"),
    ALT_CIRCUMFLEX(Support.UNSUPPORTED, 0, "Java's multiline ^ never matches after a final newline"),
    ALT_VERBNAMES(Support.NO_EFFECT, 0, "Java has no backtracking verbs; a pattern using them does not compile"),
    USE_OFFSET_LIMIT(Support.NO_EFFECT, 0, "keepalived sets no offset limit");

    /** What Fulcrum does with an option. */
    public enum Support {
        /** Compiled with the equivalent {@link Pattern} flag. */
        JAVA_FLAG,
        /** Applied by the matcher as a bound on where a match may start. */
        BOUNDS,
        /** Accepted; it cannot change whether or where keepalived finds a match. */
        NO_EFFECT,
        /** Would change results and Java cannot honour it: the url's regex is not evaluated (reported). */
        UNSUPPORTED
    }

    private final Support support;
    private final int javaFlag;
    private final String how;

    RegexOption(Support support, int javaFlag, String how) {
        this.support = support;
        this.javaFlag = javaFlag;
        this.how = how;
    }

    /** The name as written in keepalived.conf. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Support support() {
        return support;
    }

    /** The {@link Pattern} flag for a {@link Support#JAVA_FLAG} option, else 0. */
    public int javaFlag() {
        return javaFlag;
    }

    /** How the option is honoured, or why it cannot be. */
    public String how() {
        return how;
    }

    public static Optional<RegexOption> of(String keyword) {
        for (RegexOption o : values()) {
            if (o.keyword().equals(keyword)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}

package dev.fulcrum.healthcheck.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.model.HttpUrl;
import dev.fulcrum.conf.model.RegexOption;
import dev.fulcrum.conf.model.StatusRange;
import dev.fulcrum.healthcheck.check.BodyRegex;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JavaRegexTest {
    private static HttpUrl url(String regex, OptionalLong min, OptionalLong max, RegexOption... options) {
        return new HttpUrl("/", Optional.empty(), List.of(StatusRange.SUCCESS), Optional.empty(), Optional.of(regex), false,
                List.of(options), min, max, Optional.empty());
    }

    private static BodyRegex.Result judge(String regex, String body, RegexOption... options) {
        JavaRegex.Translated t = assertInstanceOf(JavaRegex.Translated.class,
                JavaRegex.translate(url(regex, OptionalLong.empty(), OptionalLong.empty(), options)));
        return new BodyRegex(t.pattern(), t.matching()).find(body);
    }

    @Test
    void flagsMapToJavasEquivalents() {
        JavaRegex.Translated t = (JavaRegex.Translated) JavaRegex.translate(url("x", OptionalLong.of(2), OptionalLong.of(9),
                RegexOption.CASELESS, RegexOption.MULTILINE, RegexOption.DOTALL, RegexOption.NO_AUTO_POSSESS, RegexOption.FIRSTLINE));
        assertEquals(new UrlSpec.RegexMatching(Pattern.CASE_INSENSITIVE | Pattern.MULTILINE | Pattern.DOTALL, true, 2, 9), t.matching());
        assertEquals(new BodyRegex.Found(0), judge("state: UP", "STATE: up", RegexOption.CASELESS));
        assertEquals(new BodyRegex.NotFound(), judge("state: UP", "STATE: up"));
        assertEquals(new BodyRegex.NotFound(), judge("caf\u00e9", "CAF\u00c9", RegexOption.CASELESS), "ASCII-only, as PCRE2 without ucp");
        assertEquals(new BodyRegex.Found(0), judge("caf\u00e9", "CAF\u00c9", RegexOption.CASELESS, RegexOption.UCP));
        assertEquals(new BodyRegex.Found(3), judge("^up$", "x\r\nup\n", RegexOption.MULTILINE));
        assertEquals(new BodyRegex.NotFound(), judge("^up$", "x\r\nup\r\n", RegexOption.MULTILINE), "CR is not a line end in PCRE2");
        assertEquals(new BodyRegex.Found(0), judge("a.b", "a\nb", RegexOption.DOTALL));
        assertEquals(new BodyRegex.Found(0), judge("\\w", "\u00e9", RegexOption.UCP));
        assertEquals(new BodyRegex.NotFound(), judge("\\w", "\u00e9"));
    }

    @Test
    void extendedKeepsWhitespaceAndHashInsideClassesLiteral() {
        assertEquals(new BodyRegex.Found(0), judge("a b  c # comment", "abc", RegexOption.EXTENDED));
        assertEquals(new BodyRegex.Found(0), judge("a[ ]c", "a c", RegexOption.EXTENDED));
        assertEquals(new BodyRegex.Found(0), judge("a[#x]c # trailing", "a#c", RegexOption.EXTENDED));
        assertEquals(new BodyRegex.NotFound(), judge("a[^ ]c", "a c", RegexOption.EXTENDED));
        assertEquals(new BodyRegex.Found(0), judge("a[] ]c", "a]c", RegexOption.EXTENDED), "] first in a class is literal");
        assertEquals(new BodyRegex.Found(0), judge("a\\ c", "a c", RegexOption.EXTENDED), "escaped space stays a space");
        assertEquals("a[\\x20\\x23]b[[:alpha:]]\\[ \\Q[ ]\\E", JavaRegex.literalClassSpace("a[ #]b[[:alpha:]]\\[ \\Q[ ]\\E"));
    }

    @Test
    void posixClassesInsideBracketsMeanWhatPcre2MeansByThem() {
        assertEquals(new BodyRegex.Found(4), judge("[[:alpha:]]+", "123 abc"));
        assertEquals(new BodyRegex.NotFound(), judge("^[[:alpha:]]+$", "ahp:l"), "not the characters : a l p h");
        assertEquals(new BodyRegex.Found(0), judge("^[^[:digit:]]+$", "abc"));
        assertEquals(new BodyRegex.NotFound(), judge("^[^[:digit:]]+$", "ab1"));
        assertEquals(new BodyRegex.Found(2), judge("[[:^space:]]", "  x"));
        assertEquals(new BodyRegex.Found(0), judge("^[a[:digit:]_]+$", "a1_9"));
        assertEquals(new BodyRegex.Found(0), judge("^[[:word:][:punct:]]+$", "up!_ok"));
        assertEquals(new BodyRegex.Found(0), judge("^[[:xdigit:]]{4}$", "00fF"));
        assertEquals("\\[:alpha:]x\\Q[[:digit:]]\\E[\\p{Upper}]", JavaRegex.posixClasses("\\[:alpha:]x\\Q[[:digit:]]\\E[[:upper:]]"),
                "escaped brackets and quoted text are left as they are");
        JavaRegex.Refused r = assertInstanceOf(JavaRegex.Refused.class,
                JavaRegex.translate(url("[[:bogus:]]", OptionalLong.empty(), OptionalLong.empty())));
        assertTrue(r.why().contains("[:bogus:]"), r.why());
    }

    @Test
    void optionsJavaCannotHonourRefuseTheRegex() {
        JavaRegex.Refused r = assertInstanceOf(JavaRegex.Refused.class,
                JavaRegex.translate(url("a+", OptionalLong.empty(), OptionalLong.empty(), RegexOption.CASELESS, RegexOption.UNGREEDY, RegexOption.UTF)));
        assertEquals("regex_options ungreedy (Java has no flag that inverts quantifier greediness), utf (the body is read as bytes "
                + "(ISO-8859-1), not UTF-8) cannot be honoured by Java's regex engine; the regex is not evaluated", r.why());
        JavaRegex.Refused syntax = assertInstanceOf(JavaRegex.Refused.class,
                JavaRegex.translate(url("(?<n>a)(?<n>b)", OptionalLong.empty(), OptionalLong.empty(), RegexOption.DUPNAMES)));
        assertTrue(syntax.why().startsWith("regex is not valid Java regex syntax ("), syntax.why());
    }

    @Test
    void everyOptionIsClassified() {
        for (RegexOption o : RegexOption.values()) {
            JavaRegex.Translation t = JavaRegex.translate(url("a", OptionalLong.empty(), OptionalLong.empty(), o));
            assertEquals(o.support() == RegexOption.Support.UNSUPPORTED, t instanceof JavaRegex.Refused, o.keyword());
        }
    }

    @Test
    void aLeadingDotStarIsAnchoredAtLineStartsAsPcre2Does() {
        assertEquals(JavaRegex.LINE_START + ".*foo", ((JavaRegex.Translated) JavaRegex.translate(
                url(".*foo", OptionalLong.empty(), OptionalLong.empty()))).pattern());
        for (String keep : new String[] {".*foo|bar", "(a).*\\1", ".*(x)\\1", "a.*foo", ".*[|]x"}) {
            boolean anchored = ((JavaRegex.Translated) JavaRegex.translate(url(keep, OptionalLong.empty(), OptionalLong.empty())))
                    .pattern().startsWith(JavaRegex.LINE_START);
            assertEquals(keep.equals(".*[|]x"), anchored, keep);
        }
        assertEquals(".*foo", ((JavaRegex.Translated) JavaRegex.translate(url(".*foo", OptionalLong.empty(), OptionalLong.empty(),
                RegexOption.DOTALL))).pattern());
        assertEquals(".*foo", ((JavaRegex.Translated) JavaRegex.translate(url(".*foo", OptionalLong.of(5), OptionalLong.empty()))).pattern(),
                "a start offset may be mid-line");
        // same verdicts and start offsets as without the anchor
        for (String body : new String[] {"xx foo", "ab\ncd foo\n", "no\nmatch", "foo", "\nfoo"}) {
            assertEquals(new BodyRegex(".*foo", UrlSpec.RegexMatching.DEFAULT, Long.MAX_VALUE).find(body), judge(".*foo", body), body);
        }
        String lines = ("y".repeat(99) + "\n").repeat(10_000) + "yyfoo";
        assertEquals(new BodyRegex.Found(1_000_000), judge(".*foo", lines));
        JavaRegex.Translated t = (JavaRegex.Translated) JavaRegex.translate(url(".*foo", OptionalLong.empty(), OptionalLong.empty()));
        assertEquals(new BodyRegex.Found(1_000_000), new BodyRegex(t.pattern(), t.matching(), 4_000_000).find(lines),
                "anchored, about 2 steps a byte");
    }
}

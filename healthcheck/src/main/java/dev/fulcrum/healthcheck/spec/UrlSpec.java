package dev.fulcrum.healthcheck.spec;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code url} block of an HTTP_GET/SSL_GET checker: the path, the accepted status codes, an optional
 * MD5 digest of the body (as printed by genhash or {@code fulcrum probe --digest}), the virtualhost
 * resolved from url → checker → RS → VS, and an optional {@code regex} the body must match (or, with
 * {@code regex_no_match}, must not match), with its {@link RegexMatching}. The regex is kept as text so that two equal configurations
 * give equal specs (a reload keeps the checker's state); it is validated here and compiled once per checker.
 */
public record UrlSpec(String path, StatusCodes statusCodes, Optional<String> digest, Optional<String> virtualhost,
                      Optional<String> regex, boolean regexNoMatch, RegexMatching regexMatching) {
    /**
     * How the regex is applied, from keepalived's {@code regex_options}, {@code regex_min_offset} and
     * {@code regex_max_offset}. {@link Pattern#UNIX_LINES} is always added: keepalived's PCRE2 knows only LF
     * as a newline, so {@code .}, {@code ^} and {@code $} must not treat CR or U+0085 as line ends.
     *
     * @param flags     {@link Pattern} flags
     * @param firstLine PCRE2 firstline: a match must start at or before the first LF at or after {@code minOffset}
     * @param minOffset a match must start at or after this body offset (bytes; the body is read as ISO-8859-1)
     * @param maxOffset a match must start at or before this body offset; {@link Long#MAX_VALUE} = anywhere
     */
    public record RegexMatching(int flags, boolean firstLine, long minOffset, long maxOffset) {
        public static final RegexMatching DEFAULT = new RegexMatching(0, false, 0, Long.MAX_VALUE);

        public RegexMatching {
            if (minOffset < 0 || maxOffset < minOffset) {
                throw new IllegalArgumentException("regex offsets must satisfy 0 <= min <= max: " + minOffset + ", " + maxOffset);
            }
        }

        /** The flags the pattern is compiled with. */
        public int compileFlags() {
            return flags | Pattern.UNIX_LINES;
        }
    }

    public UrlSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(statusCodes, "statusCodes");
        Objects.requireNonNull(regexMatching, "regexMatching");
        digest = digest.map(d -> d.toLowerCase(java.util.Locale.ROOT));
        digest.ifPresent(d -> {
            if (!d.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("digest is not 32 hex digits: " + d);
            }
        });
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(regex, "regex");
        int flags = regexMatching.compileFlags();
        regex.ifPresent(r -> {
            try {
                Pattern.compile(r, flags);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regex " + r + ": " + e.getDescription());
            }
        });
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
    }

    /** A url whose regex, if any, is applied with the defaults (anywhere in the body, no flags). */
    public UrlSpec(String path, StatusCodes statusCodes, Optional<String> digest, Optional<String> virtualhost,
                   Optional<String> regex, boolean regexNoMatch) {
        this(path, statusCodes, digest, virtualhost, regex, regexNoMatch, RegexMatching.DEFAULT);
    }

    /** A url without regex. */
    public UrlSpec(String path, StatusCodes statusCodes, Optional<String> digest, Optional<String> virtualhost) {
        this(path, statusCodes, digest, virtualhost, Optional.empty(), false);
    }

    public static UrlSpec of(String path) {
        return new UrlSpec(path, StatusCodes.DEFAULT, Optional.empty(), Optional.empty());
    }
}

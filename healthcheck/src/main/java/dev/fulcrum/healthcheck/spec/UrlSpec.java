package dev.fulcrum.healthcheck.spec;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code url} block of an HTTP_GET/SSL_GET checker: the path, the accepted status codes, an optional
 * MD5 digest of the body (as printed by genhash or {@code fulcrum probe --digest}), the virtualhost
 * resolved from url → checker → RS → VS, and an optional {@code regex} the body must match (or, with
 * {@code regex_no_match}, must not match). The regex is kept as text so that two equal configurations
 * give equal specs (a reload keeps the checker's state); it is validated here and compiled once per checker.
 */
public record UrlSpec(String path, StatusCodes statusCodes, Optional<String> digest, Optional<String> virtualhost,
                      Optional<String> regex, boolean regexNoMatch) {
    public UrlSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(statusCodes, "statusCodes");
        digest = digest.map(d -> d.toLowerCase(java.util.Locale.ROOT));
        digest.ifPresent(d -> {
            if (!d.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("digest is not 32 hex digits: " + d);
            }
        });
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(regex, "regex");
        regex.ifPresent(r -> {
            try {
                Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regex " + r + ": " + e.getDescription());
            }
        });
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
    }

    /** A url without regex. */
    public UrlSpec(String path, StatusCodes statusCodes, Optional<String> digest, Optional<String> virtualhost) {
        this(path, statusCodes, digest, virtualhost, Optional.empty(), false);
    }

    public static UrlSpec of(String path) {
        return new UrlSpec(path, StatusCodes.DEFAULT, Optional.empty(), Optional.empty());
    }
}

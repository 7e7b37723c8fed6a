package dev.fulcrum.healthcheck.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code url} block of an HTTP_GET/SSL_GET checker: the path, the accepted status codes, an optional
 * MD5 digest of the body (as printed by genhash or {@code fulcrum probe --digest}) and the virtualhost
 * resolved from url → checker → RS → VS.
 */
public record UrlSpec(String path, StatusCodes statusCodes, Optional<String> digest, Optional<String> virtualhost) {
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
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
    }

    public static UrlSpec of(String path) {
        return new UrlSpec(path, StatusCodes.DEFAULT, Optional.empty(), Optional.empty());
    }
}

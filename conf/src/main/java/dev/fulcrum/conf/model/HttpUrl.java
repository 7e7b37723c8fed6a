package dev.fulcrum.conf.model;

import java.util.List;
import java.util.Optional;

/**
 * One {@code url} of an HTTP_GET/SSL_GET checker. {@code statusCodes} defaults to 200-299 and
 * {@code virtualhost} is resolved (url, else checker, else RS, else VS).
 *
 * @param digest lowercase hex MD5 of the body
 */
public record HttpUrl(String path, Optional<String> digest, List<StatusRange> statusCodes,
                      Optional<String> virtualhost, Optional<String> regex, boolean regexNoMatch) {
}

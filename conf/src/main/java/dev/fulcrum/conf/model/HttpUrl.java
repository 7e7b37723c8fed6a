package dev.fulcrum.conf.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code url} of an HTTP_GET/SSL_GET checker. {@code statusCodes} defaults to 200-299 and
 * {@code virtualhost} is resolved (url, else checker, else RS, else VS).
 *
 * <p>The regex settings are kept only when there is a {@code regex} (keepalived drops them otherwise), and
 * the offsets only when min ≤ max (keepalived ignores both otherwise), so the model holds what keepalived
 * applies.
 *
 * @param digest lowercase hex MD5 of the body
 * @param regexOptions {@code regex_options}, known names only, each once, in the order first written
 * @param regexMinOffset {@code regex_min_offset}: a match must start at or after this body offset
 * @param regexMaxOffset {@code regex_max_offset}: a match must start at or before this body offset
 * @param regexStack {@code regex_stack START MAX}: PCRE2's JIT stack sizing, kept for dump and reload only
 */
public record HttpUrl(String path, Optional<String> digest, List<StatusRange> statusCodes,
                      Optional<String> virtualhost, Optional<String> regex, boolean regexNoMatch,
                      List<RegexOption> regexOptions, OptionalLong regexMinOffset, OptionalLong regexMaxOffset,
                      Optional<RegexStack> regexStack) {
    /** keepalived's {@code regex_stack START MAX} (bytes, START ≤ MAX). */
    public record RegexStack(long start, long max) {
        public RegexStack {
            if (start < 0 || start > max) {
                throw new IllegalArgumentException("regex_stack start " + start + " must be between 0 and max " + max);
            }
        }
    }

    public HttpUrl {
        regexOptions = List.copyOf(regexOptions);
    }

    /** A url without regex settings beyond the regex itself. */
    public HttpUrl(String path, Optional<String> digest, List<StatusRange> statusCodes,
                   Optional<String> virtualhost, Optional<String> regex, boolean regexNoMatch) {
        this(path, digest, statusCodes, virtualhost, regex, regexNoMatch, List.of(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty());
    }
}

package dev.fulcrum.healthcheck.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP status_code set: single codes and inclusive ranges, as in {@code status_code 200 300-399 503}.
 * keepalived's default is 200-299.
 */
public record StatusCodes(List<Range> ranges) {
    public record Range(int from, int to) {
        public Range {
            if (from < 100 || to > 999 || from > to) {
                throw new IllegalArgumentException("bad status_code range " + from + "-" + to);
            }
        }
    }

    public static final StatusCodes DEFAULT = new StatusCodes(List.of(new Range(200, 299)));

    public StatusCodes {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("empty status_code set");
        }
    }

    /** Parses the words after {@code status_code}, e.g. {@code ["200", "300-399"]}. */
    public static StatusCodes parse(List<String> words) {
        List<Range> rs = new ArrayList<>();
        for (String w : words) {
            for (String part : w.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int dash = part.indexOf('-');
                if (dash > 0) {
                    rs.add(new Range(Integer.parseInt(part.substring(0, dash).trim()), Integer.parseInt(part.substring(dash + 1).trim())));
                } else {
                    int c = Integer.parseInt(part.trim());
                    rs.add(new Range(c, c));
                }
            }
        }
        return new StatusCodes(rs);
    }

    public boolean accepts(int code) {
        for (Range r : ranges) {
            if (code >= r.from && code <= r.to) {
                return true;
            }
        }
        return false;
    }
}

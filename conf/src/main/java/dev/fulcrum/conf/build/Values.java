package dev.fulcrum.conf.build;

import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.IpPrefix;
import dev.fulcrum.conf.model.ScriptUser;
import dev.fulcrum.conf.model.Script;
import dev.fulcrum.conf.syntax.Statement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Typed readings of statement arguments. Each reports its own error (with the argument's position)
 * and returns empty, so a builder can go on and find the next mistake.
 */
final class Values {
    private final Findings findings;
    /**
     * Where the first script of the configuration is, for the script-security check: first in batch build
     * order ({@link Findings#place()}), whatever order a streamed load meets the blocks in.
     */
    private dev.fulcrum.conf.SourcePos firstScript;
    private long firstScriptPlace;
    /** Every script seen, for a builder to tell whether a block took part in the script-security check. */
    int scriptsNoted;
    /** Per load: parsed timers by microseconds, parsed literal addresses by text (immutable values, shared). */
    private final java.util.HashMap<Long, Optional<Duration>> durations = new java.util.HashMap<>();
    private final java.util.HashMap<String, Optional<InetAddress>> addresses = new java.util.HashMap<>();

    Values(Findings findings) {
        this.findings = findings;
    }

    /** The first argument, or an error naming the keyword. */
    Optional<Token> arg(Statement s) {
        if (s.args().isEmpty()) {
            findings.error(s.pos(), "'" + s.name() + "' needs a value");
            return Optional.empty();
        }
        if (s.args().size() > 1) {
            findings.warning(s.args().get(1).pos(), "'" + s.name() + "': extra argument '" + s.args().get(1).text() + "' ignored");
        }
        return Optional.of(s.args().get(0));
    }

    OptionalLong integer(Token t, long min, long max) {
        String x = t.text();
        long v;
        try {
            v = Long.parseLong(x.startsWith("+") ? x.substring(1) : x);
        } catch (NumberFormatException e) {
            findings.error(t.pos(), "'" + x + "' is not an integer");
            return OptionalLong.empty();
        }
        if (v < min || v > max) {
            findings.error(t.pos(), "number '" + x + "' outside range [" + min + ", " + max + "]");
            return OptionalLong.empty();
        }
        return OptionalLong.of(v);
    }

    OptionalLong integer(Statement s, long min, long max) {
        Optional<Token> a = arg(s);
        return a.isEmpty() ? OptionalLong.empty() : integer(a.get(), min, max);
    }

    Optional<Integer> intValue(Statement s, long min, long max) {
        OptionalLong v = integer(s, min, max);
        return v.isPresent() ? Optional.of((int) v.getAsLong()) : Optional.empty();
    }

    /** Seconds with an optional fraction, microsecond resolution. */
    Optional<Duration> timer(Token t, double minSeconds, double maxSeconds) {
        long fast = simpleMicros(t.text());
        if (fast >= 0) {
            // fast path for the usual "5" or "0.25": exact, no BigDecimal. simpleMicros allows at most 9
            // integer digits, so the value is far below any maximum that rounds (Math.round saturates).
            if (fast < Math.round(minSeconds * 1e6) || fast > Math.round(maxSeconds * 1e6)) {
                findings.error(t.pos(), "number '" + t.text() + "' outside range [" + fmt(minSeconds) + ", " + fmt(maxSeconds) + "]");
                return Optional.empty();
            }
            return durations.computeIfAbsent(fast, Values::microsDuration);
        }
        BigDecimal d;
        try {
            d = new BigDecimal(t.text());
        } catch (NumberFormatException e) {
            findings.error(t.pos(), "'" + t.text() + "' is not a number of seconds");
            return Optional.empty();
        }
        if (d.compareTo(BigDecimal.valueOf(minSeconds)) < 0 || d.compareTo(BigDecimal.valueOf(maxSeconds)) > 0) {
            findings.error(t.pos(), "number '" + t.text() + "' outside range [" + fmt(minSeconds) + ", " + fmt(maxSeconds) + "]");
            return Optional.empty();
        }
        BigDecimal micros = d.movePointRight(6).setScale(0, RoundingMode.HALF_UP);
        BigDecimal[] secsAndMicros = micros.divideAndRemainder(BigDecimal.valueOf(1_000_000));
        return Optional.of(Duration.ofSeconds(secsAndMicros[0].longValueExact()).plusNanos(secsAndMicros[1].longValue() * 1000));
    }

    Optional<Duration> timer(Statement s, double minSeconds, double maxSeconds) {
        Optional<Token> a = arg(s);
        return a.isEmpty() ? Optional.empty() : timer(a.get(), minSeconds, maxSeconds);
    }

    /** Microseconds of {@code D{1,9}[.D{1,6}]}, or -1 when the text has another shape. */
    private static long simpleMicros(String s) {
        int n = s.length();
        if (n == 0 || n > 16) {
            return -1;
        }
        long whole = 0;
        int i = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            whole = whole * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == 0 || i > 9) {
            return -1;
        }
        long frac = 0;
        int digits = 0;
        if (i < n) {
            if (s.charAt(i) != '.' || i == n - 1) {
                return -1;
            }
            for (i++; i < n; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9' || ++digits > 6) {
                    return -1;
                }
                frac = frac * 10 + (c - '0');
            }
        }
        for (int k = digits; k < 6; k++) {
            frac *= 10;
        }
        return whole * 1_000_000 + frac;
    }

    /** Same timer text, same instance: thousands of checkers share a handful of timer values. */
    private static Optional<Duration> microsDuration(long micros) {
        return Optional.of(Duration.ofSeconds(micros / 1_000_000, (micros % 1_000_000) * 1000));
    }

    private static String fmt(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static Optional<Boolean> parseBool(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> Optional.of(true);
            case "off", "false", "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A flag: bare means true, otherwise on|off|true|false|yes|no. */
    boolean flag(Statement s) {
        if (s.args().isEmpty()) {
            return true;
        }
        Token t = s.args().get(0);
        Optional<Boolean> b = parseBool(t.text());
        if (b.isEmpty()) {
            findings.error(t.pos(), "'" + t.text() + "' is not a boolean (on|off|true|false|yes|no)");
            return true;
        }
        return b.get();
    }

    Optional<InetAddress> address(Token t) {
        Optional<InetAddress> a = addresses.get(t.text());
        if (a == null) {
            a = parseAddress(t.text());
            if (addresses.size() < 65536) {
                addresses.put(t.text(), a);
            }
        }
        if (a.isEmpty()) {
            findings.error(t.pos(), "invalid IP address '" + t.text() + "'");
        }
        return a;
    }

    Optional<InetAddress> address(Statement s) {
        Optional<Token> a = arg(s);
        return a.isEmpty() ? Optional.empty() : address(a.get());
    }

    /** Literal IPv4 (dotted quad) or IPv6 only: never a DNS lookup. */
    static Optional<InetAddress> parseAddress(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return Optional.empty();
        }
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return Optional.empty();
                }
            }
            try {
                // bracketed: the JDK then treats it strictly as an IPv6 literal and never asks DNS
                InetAddress a = InetAddress.getByName("[" + s + "]");
                return Optional.of(a);
            } catch (UnknownHostException | RuntimeException e) {
                return Optional.empty();
            }
        }
        byte[] b = new byte[4];
        int part = 0;
        int v = 0;
        int digits = 0;
        for (int i = 0, n = s.length(); i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return Optional.empty();
                }
                b[part++] = (byte) v;
                v = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                v = v * 10 + (c - '0');
                digits++;
                if (v > 255) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
        }
        if (part != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** {@code ADDR[/LEN]}; without a length the host prefix. */
    Optional<IpPrefix> prefix(Token t) {
        String s = t.text();
        int slash = s.indexOf('/');
        Optional<InetAddress> a = parseAddress(slash < 0 ? s : s.substring(0, slash));
        if (a.isEmpty()) {
            findings.error(t.pos(), "invalid IP address '" + s + "'");
            return Optional.empty();
        }
        int max = a.get() instanceof java.net.Inet4Address ? 32 : 128;
        int len = max;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                len = -1;
            }
            if (len < 0 || len > max) {
                findings.error(t.pos(), "invalid prefix length in '" + s + "' (0.." + max + ")");
                return Optional.empty();
            }
        }
        return Optional.of(new IpPrefix(a.get(), len));
    }

    int port(Token t) {
        String x = t.text();
        int n = x.length();
        if (n > 0 && n <= 5) {
            // the usual plain decimal, without the OptionalLong the general reading allocates
            int v = 0;
            int i = 0;
            while (i < n && x.charAt(i) >= '0' && x.charAt(i) <= '9') {
                v = v * 10 + (x.charAt(i) - '0');
                i++;
            }
            if (i == n && v <= 65535) {
                return v;
            }
        }
        OptionalLong p = integer(t, 0, 65535);
        return p.isPresent() ? (int) p.getAsLong() : 0;
    }

    /** {@code "cmd args" [user [[:]group]]}: the script line of notify_* and quorum_*. */
    Optional<Script> script(Statement s) {
        if (s.args().isEmpty()) {
            findings.error(s.pos(), "'" + s.name() + "' needs a command");
            return Optional.empty();
        }
        List<Token> a = s.args();
        noteScript(s.pos());
        Optional<ScriptUser> user = a.size() > 1 ? Optional.of(user(a.subList(1, a.size()))) : Optional.empty();
        return Optional.of(new Script(a.get(0).text(), user));
    }

    static ScriptUser user(List<Token> words) {
        String u = words.get(0).text();
        Optional<String> g = Optional.empty();
        int colon = u.indexOf(':');
        if (colon >= 0) {
            g = Optional.of(u.substring(colon + 1));
            u = u.substring(0, colon);
        } else if (words.size() > 1) {
            String gw = words.get(1).text();
            g = Optional.of(gw.startsWith(":") ? gw.substring(1) : gw);
        }
        return new ScriptUser(u, g);
    }

    /** Free-form hex as UDP_CHECK accepts it: odd groups are left-padded per group. */
    Optional<String> hex(List<Token> words, boolean allowWildcard) {
        StringBuilder out = new StringBuilder();
        for (Token w : words) {
            String g = w.text().toUpperCase(java.util.Locale.ROOT);
            for (int i = 0; i < g.length(); i++) {
                char c = g.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || (allowWildcard && c == 'X'))) {
                    findings.error(w.pos(), "'" + w.text() + "' is not hexadecimal");
                    return Optional.empty();
                }
            }
            if (g.length() % 2 == 1) {
                // "Ab12f" = AB 12 0F: the last odd nibble is its own byte
                g = g.substring(0, g.length() - 1) + "0" + g.charAt(g.length() - 1);
            }
            out.append(g);
        }
        return Optional.of(out.toString());
    }

    void noteScript(dev.fulcrum.conf.SourcePos pos) {
        scriptsNoted++;
        long place = findings.place();
        if (firstScript == null || place < firstScriptPlace) {
            firstScript = pos;
            firstScriptPlace = place;
        }
    }

    Optional<dev.fulcrum.conf.SourcePos> firstScript() {
        return Optional.ofNullable(firstScript);
    }
}

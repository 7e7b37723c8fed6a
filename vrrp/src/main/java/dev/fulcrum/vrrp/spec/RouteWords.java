package dev.fulcrum.vrrp.spec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The tokens {@code ip route} and {@code ip rule} lines share: prefixes, table names, numbers. */
final class RouteWords {
    private final List<String> words;
    private final String line;
    private int at;

    RouteWords(String line) {
        this.line = line;
        this.words = List.of(line.trim().split("\\s+"));
    }

    boolean more() {
        return at < words.size() && !words.get(at).isEmpty();
    }

    String next() {
        return words.get(at++);
    }

    String value(String keyword) {
        if (!more()) {
            throw bad("'" + keyword + "' needs a value");
        }
        return next();
    }

    IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("\"" + line + "\": " + why);
    }

    /** "10.0.0.0/8", "10.1.2.3" (host length), "2001:db8::/32"; "default"/"all" give null. */
    Prefix prefix(String text) {
        if (text.equals("default") || text.equals("all")) {
            return null;
        }
        String[] p = text.split("/", 2);
        InetAddress a = address(p[0]);
        int max = a instanceof Inet4Address ? 32 : 128;
        int len = max;
        if (p.length > 1) {
            len = (int) number(p[1], 0, max);
        }
        return new Prefix(a, len);
    }

    InetAddress address(String text) {
        if (!text.matches("[0-9a-fA-F.:]+") || !(text.contains(".") || text.contains(":"))) {
            throw bad("'" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw bad("'" + text + "' is not an IP address");
        }
    }

    long number(String text, long min, long max) {
        long v;
        try {
            v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad("'" + text + "' is not a number");
        }
        if (v < min || v > max) {
            throw bad(text + " is outside " + min + ".." + max);
        }
        return v;
    }

    /** iproute2's built-in table names and numbers (rt_tables aliases beyond these are not read). */
    int table(String text) {
        return switch (text) {
            case "main" -> 254;
            case "local" -> 255;
            case "default" -> 253;
            default -> (int) number(text, 1, 0xFFFFFFFFL);
        };
    }

    record Prefix(InetAddress address, int length) {
        boolean ipv4() {
            return address instanceof Inet4Address;
        }
    }
}

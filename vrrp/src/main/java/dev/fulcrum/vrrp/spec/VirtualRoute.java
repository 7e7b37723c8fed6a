package dev.fulcrum.vrrp.spec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of {@code virtual_routes}: a route that exists only while the instance is MASTER, added after
 * the VIPs and removed before them. Parsed from keepalived's {@code ip route} syntax into fields, so the
 * transition sends pre-encoded rtnetlink messages instead of running {@code ip}.
 *
 * @param text         the line as configured (for logs)
 * @param ipv4         the family
 * @param destination  null = default route
 * @param prefixLength destination length
 * @param source       {@code from} prefix, or null
 * @param sourceLength its length
 * @param gateway      {@code via}/{@code gw}, or null
 * @param dev          {@code dev}/{@code oif}, or null
 * @param prefSrc      {@code src}, or null
 * @param table        254 = main
 * @param metric       {@code metric}/{@code priority}/{@code preference}, or -1
 * @param protocol     RTPROT_* (3 = boot, as iproute2)
 * @param scope        RT_SCOPE_*, or -1 for iproute2's default (link for a gateway-less unicast route, host
 *                     for local, universe otherwise)
 * @param type         RTN_* (1 unicast, 2 local, 6 blackhole, 7 unreachable, 8 prohibit, 9 throw)
 * @param onlink       {@code onlink}
 */
public record VirtualRoute(String text, boolean ipv4, InetAddress destination, int prefixLength, InetAddress source,
                           int sourceLength, InetAddress gateway, String dev, InetAddress prefSrc, int table, int metric,
                           int protocol, int scope, int type, boolean onlink) {
    public static final int UNICAST = 1;
    public static final int LOCAL = 2;

    public VirtualRoute {
        Objects.requireNonNull(text, "text");
    }

    /** The scope the kernel is asked for, defaulted as {@code ip route add} does. */
    public int effectiveScope() {
        if (scope >= 0) {
            return scope;
        }
        if (type == LOCAL) {
            return 254;
        }
        return type == UNICAST && gateway == null ? 253 : 0;
    }

    /** Parses {@code [TYPE] PREFIX|default [from P] [src A] [via|gw A] [dev|oif IF] [table T] [metric N] [scope S] [proto P] [onlink] [no_track]}. */
    public static VirtualRoute parse(String line) {
        RouteWords w = new RouteWords(line);
        int type = UNICAST;
        RouteWords.Prefix dst = null;
        boolean haveDst = false;
        RouteWords.Prefix from = null;
        InetAddress via = null;
        InetAddress src = null;
        String dev = null;
        int table = 254;
        int metric = -1;
        int proto = 3;
        int scope = -1;
        boolean onlink = false;
        Boolean family = null;
        while (w.more()) {
            String k = w.next();
            switch (k) {
                case "unicast" -> type = UNICAST;
                case "local" -> type = LOCAL;
                case "blackhole" -> type = 6;
                case "unreachable" -> type = 7;
                case "prohibit" -> type = 8;
                case "throw" -> type = 9;
                case "inet" -> family = true;
                case "inet6" -> family = false;
                case "to" -> {
                    dst = w.prefix(w.value(k));
                    haveDst = true;
                }
                case "from" -> from = w.prefix(w.value(k));
                case "src" -> src = w.address(w.value(k));
                case "via", "gw" -> {
                    String v = w.value(k);
                    if (v.equals("inet") || v.equals("inet6")) {
                        v = w.value(k);
                    }
                    via = w.address(v);
                }
                case "dev", "oif" -> dev = w.value(k);
                case "table" -> table = w.table(w.value(k));
                case "metric", "priority", "preference" -> metric = (int) w.number(w.value(k), 0, 0xFFFFFFFFL);
                case "proto", "protocol" -> proto = protocol(w, w.value(k));
                case "scope" -> scope = scope(w, w.value(k));
                case "onlink" -> onlink = true;
                case "no_track" -> {
                    // keepalived: do not go to FAULT when the route is deleted by someone else; nothing to apply
                }
                default -> {
                    if (haveDst) {
                        throw w.bad("unsupported route option '" + k + "'");
                    }
                    dst = w.prefix(k);
                    haveDst = true;
                }
            }
        }
        if (!haveDst) {
            throw w.bad("no destination");
        }
        boolean ipv4 = family != null ? family : firstFamily(dst, from, via, src);
        return new VirtualRoute(line.trim(), ipv4, dst == null ? null : dst.address(), dst == null ? 0 : dst.length(),
                from == null ? null : from.address(), from == null ? 0 : from.length(), via, dev, src, table, metric,
                proto, scope, type, onlink);
    }

    private static boolean firstFamily(RouteWords.Prefix dst, RouteWords.Prefix from, InetAddress via, InetAddress src) {
        if (dst != null) {
            return dst.ipv4();
        }
        if (from != null) {
            return from.ipv4();
        }
        InetAddress a = via != null ? via : src;
        return a == null || a instanceof Inet4Address;
    }

    private static int protocol(RouteWords w, String p) {
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "kernel" -> 2;
            case "boot" -> 3;
            case "static" -> 4;
            case "keepalived" -> 18;
            default -> (int) w.number(p, 0, 255);
        };
    }

    static int scope(RouteWords w, String s) {
        return switch (s) {
            case "global", "universe" -> 0;
            case "site" -> 200;
            case "link" -> 253;
            case "host" -> 254;
            case "nowhere" -> 255;
            default -> (int) w.number(s, 0, 255);
        };
    }
}

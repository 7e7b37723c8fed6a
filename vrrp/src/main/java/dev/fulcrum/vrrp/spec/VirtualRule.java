package dev.fulcrum.vrrp.spec;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One line of {@code virtual_rules}: a policy-routing rule that exists only while the instance is
 * MASTER (typically "traffic from the VIP looks up its own table"), added and removed with the VIPs.
 *
 * @param text         the line as configured (for logs)
 * @param ipv4         the family
 * @param source       {@code from} prefix, or null for all
 * @param sourceLength its length
 * @param destination  {@code to} prefix, or null for all
 * @param destLength   its length
 * @param iif          {@code iif}/{@code dev}, or null
 * @param oif          {@code oif}, or null
 * @param fwmark       or -1
 * @param fwmask       or -1
 * @param table        lookup table (254 main when no action is given), 0 for non-lookup actions
 * @param priority     {@code priority}/{@code preference}/{@code pref}/{@code order}, or -1
 * @param action       FR_ACT_* (1 lookup, 2 goto, 3 nop, 6 blackhole, 7 unreachable, 8 prohibit)
 * @param gotoTarget   or -1
 * @param suppressPrefixLength or -1
 * @param invert       {@code not}
 * @param tos          TOS selector
 */
public record VirtualRule(String text, boolean ipv4, InetAddress source, int sourceLength, InetAddress destination,
                          int destLength, String iif, String oif, long fwmark, long fwmask, int table, long priority,
                          int action, long gotoTarget, int suppressPrefixLength, boolean invert, int tos) {
    public VirtualRule {
        Objects.requireNonNull(text, "text");
    }

    /** Parses {@code [not] [from P|all] [to P|all] [iif IF] [oif IF] [fwmark M[/MASK]] [tos T] [priority N] [table T|goto N|blackhole|unreachable|prohibit|nop] [suppress_prefixlength N] [no_track]}. */
    public static VirtualRule parse(String line) {
        RouteWords w = new RouteWords(line);
        RouteWords.Prefix from = null;
        RouteWords.Prefix to = null;
        String iif = null;
        String oif = null;
        long mark = -1;
        long mask = -1;
        int table = 0;
        long prio = -1;
        int action = 0;
        long gotoTarget = -1;
        int suppress = -1;
        boolean invert = false;
        int tos = 0;
        Boolean family = null;
        while (w.more()) {
            String k = w.next();
            switch (k) {
                case "not" -> invert = true;
                case "inet" -> family = true;
                case "inet6" -> family = false;
                case "from" -> from = w.prefix(w.value(k));
                case "to" -> to = w.prefix(w.value(k));
                case "iif", "dev" -> iif = w.value(k);
                case "oif" -> oif = w.value(k);
                case "fwmark" -> {
                    String[] m = w.value(k).split("/", 2);
                    mark = w.number(m[0], 0, 0xFFFFFFFFL);
                    if (m.length > 1) {
                        mask = w.number(m[1], 0, 0xFFFFFFFFL);
                    }
                }
                case "tos", "dsfield" -> tos = (int) w.number(w.value(k), 0, 255);
                case "priority", "preference", "pref", "order" -> prio = w.number(w.value(k), 0, 0xFFFFFFFFL);
                case "table", "lookup" -> {
                    table = w.table(w.value(k));
                    action = 1;
                }
                case "goto" -> {
                    gotoTarget = w.number(w.value(k), 0, 0xFFFFFFFFL);
                    action = 2;
                }
                case "nop" -> action = 3;
                case "blackhole" -> action = 6;
                case "unreachable" -> action = 7;
                case "prohibit" -> action = 8;
                case "suppress_prefixlength", "sup_pl" -> suppress = (int) w.number(w.value(k), 0, 128);
                case "no_track" -> {
                    // nothing to apply
                }
                default -> throw w.bad("unsupported rule option '" + k + "'");
            }
        }
        if (action == 0) {
            action = 1;
            table = 254; // ip rule's default action: lookup main
        }
        boolean ipv4 = family != null ? family : from != null ? from.ipv4() : to == null || to.ipv4();
        return new VirtualRule(line.trim(), ipv4, from == null ? null : from.address(), from == null ? 0 : from.length(),
                to == null ? null : to.address(), to == null ? 0 : to.length(), iif, oif, mark, mask, table, prio, action,
                gotoTarget, suppress, invert, tos);
    }
}

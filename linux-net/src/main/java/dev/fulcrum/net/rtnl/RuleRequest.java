package dev.fulcrum.net.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * One policy-routing rule as {@code ip rule add} describes it, for VRRP's {@code virtual_rules}: rules
 * that exist only while this node is MASTER (traffic from a VIP looks up its own table).
 *
 * @param family        Rtnl.AF_INET or AF_INET6
 * @param source        {@code from} prefix, or null for all
 * @param sourceLength  its length
 * @param destination   {@code to} prefix, or null for all
 * @param destLength    its length
 * @param iifName       {@code iif}, or null
 * @param oifName       {@code oif}, or null
 * @param fwmark        {@code fwmark}, or -1 for none
 * @param fwmask        its mask, or -1 for none
 * @param table         target table, 0 when the action is not "lookup"
 * @param priority      rule preference, or -1 to let the kernel choose
 * @param action        FR_ACT_* (1 to table, 2 goto, 3 nop, 6 blackhole, 7 unreachable, 8 prohibit)
 * @param gotoTarget    goto target preference, or -1
 * @param suppressPrefixLength FRA_SUPPRESS_PREFIXLEN, or -1
 * @param invert        {@code not}
 * @param tos           TOS selector (0 = any)
 */
public record RuleRequest(int family, InetAddress source, int sourceLength, InetAddress destination, int destLength,
                          String iifName, String oifName, long fwmark, long fwmask, int table, long priority, int action,
                          long gotoTarget, int suppressPrefixLength, boolean invert, int tos) {
    public RuleRequest {
        if (family != Rtnl.AF_INET && family != Rtnl.AF_INET6) {
            throw new IllegalArgumentException("rule family " + family);
        }
        int max = family == Rtnl.AF_INET ? 32 : 128;
        for (InetAddress a : new InetAddress[] {source, destination}) {
            if (a != null && (a instanceof Inet4Address) != (family == Rtnl.AF_INET)) {
                throw new IllegalArgumentException("rule mixes address families: " + a.getHostAddress());
            }
        }
        if (sourceLength < 0 || sourceLength > max || destLength < 0 || destLength > max) {
            throw new IllegalArgumentException("prefix length out of 0.." + max);
        }
        if (action == Rtnl.FR_ACT_TO_TBL && table <= 0) {
            throw new IllegalArgumentException("a lookup rule needs a table");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(invert ? "not " : "");
        sb.append("from ").append(source == null ? "all" : source.getHostAddress() + "/" + sourceLength);
        if (destination != null) {
            sb.append(" to ").append(destination.getHostAddress()).append('/').append(destLength);
        }
        if (iifName != null) {
            sb.append(" iif ").append(iifName);
        }
        if (oifName != null) {
            sb.append(" oif ").append(oifName);
        }
        if (fwmark >= 0) {
            sb.append(" fwmark ").append(fwmark).append(fwmask >= 0 ? "/" + fwmask : "");
        }
        if (priority >= 0) {
            sb.append(" pref ").append(priority);
        }
        sb.append(action == Rtnl.FR_ACT_TO_TBL ? " lookup " + table : " action " + action);
        return sb.toString();
    }
}

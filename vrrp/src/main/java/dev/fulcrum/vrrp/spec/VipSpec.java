package dev.fulcrum.vrrp.spec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One virtual address as {@code virtual_ipaddress} describes it.
 *
 * @param address       the VIP
 * @param prefixLength  /N (default 32 or 128)
 * @param dev           interface, or null for the instance's
 * @param label         IPv4 alias label, or null
 * @param scope         RT_SCOPE_* number (0 = global)
 * @param broadcast     IPv4 broadcast, or null
 * @param noPrefixRoute do not install the subnet route
 */
public record VipSpec(InetAddress address, int prefixLength, String dev, String label, int scope,
                      InetAddress broadcast, boolean noPrefixRoute) {
    public VipSpec {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " for " + address.getHostAddress());
        }
    }

    public static VipSpec host(InetAddress a) {
        return new VipSpec(a, a instanceof Inet4Address ? 32 : 128, null, null, 0, null, false);
    }

    /** Parses "10.0.0.1/24" (dev and other options are the caller's). */
    public static VipSpec parse(String cidr) {
        try {
            String[] p = cidr.split("/", 2);
            InetAddress a = InetAddress.getByName(p[0]);
            int len = p.length > 1 ? Integer.parseInt(p[1]) : (a instanceof Inet4Address ? 32 : 128);
            return new VipSpec(a, len, null, null, 0, null, false);
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("bad VIP " + cidr, e);
        }
    }

    public VipSpec onDev(String d) {
        return new VipSpec(address, prefixLength, d, label, scope, broadcast, noPrefixRoute);
    }

    /** As keepalived prints it, e.g. "10.1.0.1/24" (the exporter's ip_address label). */
    public String display() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}

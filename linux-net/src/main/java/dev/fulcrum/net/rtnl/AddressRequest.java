package dev.fulcrum.net.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address to add to or remove from an interface, as VRRP needs for its VIPs: {@code label} (IPv4
 * alias such as "eth0:vip", or null), {@code scope} (RT_SCOPE_*), {@code broadcast} (IPv4 only, or null)
 * and {@code noPrefixRoute} (do not install the subnet route). IPv6 addresses are added with NODAD,
 * as a VIP must be usable at once and not wait for duplicate address detection.
 */
public record AddressRequest(int ifindex, InetAddress address, int prefixLength, String label, int scope,
                             InetAddress broadcast, boolean noPrefixRoute) {
    public AddressRequest {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max);
        }
        if (ifindex <= 0) {
            throw new IllegalArgumentException("interface index must be positive: " + ifindex);
        }
        if (label != null && label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15) {
            throw new IllegalArgumentException("label longer than 15 bytes: " + label);
        }
        if (broadcast != null && !(address instanceof Inet4Address && broadcast instanceof Inet4Address)) {
            throw new IllegalArgumentException("broadcast applies to IPv4 only");
        }
    }

    /** A host address (/32 or /128) with universe scope, the usual VIP. */
    public static AddressRequest vip(int ifindex, InetAddress address) {
        return new AddressRequest(ifindex, address, address instanceof Inet4Address ? 32 : 128, null, Rtnl.RT_SCOPE_UNIVERSE, null, false);
    }

    public int family() {
        return address instanceof Inet4Address ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " on ifindex " + ifindex + (label != null ? " label " + label : "");
    }
}

package dev.fulcrum.net.rtnl;

import java.net.InetAddress;

/** An address the kernel reports on an interface (RTM_NEWADDR in a dump or an event). */
public record InterfaceAddress(int ifindex, InetAddress address, int prefixLength, int scope, int flags, String label) {
    public boolean isIpv4() {
        return address instanceof java.net.Inet4Address;
    }
}

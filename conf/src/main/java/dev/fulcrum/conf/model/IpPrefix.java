package dev.fulcrum.conf.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An address with its prefix length, the way VIPs and VSG networks are written. Kept as a pair rather
 * than a CIDR string so consumers never parse text again.
 */
public record IpPrefix(InetAddress address, int prefixLength) {
    public IpPrefix {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + address);
        }
    }

    public static IpPrefix host(InetAddress address) {
        return new IpPrefix(address, IpFamily.of(address).hostPrefix());
    }

    public IpFamily family() {
        return IpFamily.of(address);
    }

    @Override
    public String toString() {
        return AddressText.of(address) + "/" + prefixLength;
    }
}

package dev.fulcrum.conf.model;

import java.net.InetAddress;

/** What a {@code virtual_server} line names: an address and port, a firewall mark, or a group. */
public sealed interface ServiceAddress permits ServiceAddress.Inet, ServiceAddress.Fwmark, ServiceAddress.Group {

    /** {@code virtual_server IP PORT}. */
    record Inet(InetAddress address, int port) implements ServiceAddress {
        public IpFamily family() {
            return IpFamily.of(address);
        }
    }

    /** {@code virtual_server fwmark N}; the family comes from {@code ip_family} (inet unless set). */
    record Fwmark(long mark, IpFamily family) implements ServiceAddress {
    }

    /** {@code virtual_server group NAME}: one IPVS service per group entry. */
    record Group(String name) implements ServiceAddress {
    }
}

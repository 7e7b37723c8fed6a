package dev.fulcrum.conf.model;

import java.net.InetAddress;

/** What a {@code virtual_server} line names: an address and port, a firewall mark, or a group. */
public sealed interface ServiceAddress permits ServiceAddress.Inet, ServiceAddress.Fwmark, ServiceAddress.Group {

    /** {@code virtual_server IP PORT}. */
    record Inet(InetAddress address, int port) implements ServiceAddress {
        public IpFamily family() {
            return IpFamily.of(address);
        }

        // written out: the generated equals/hashCode go through method handles, which the launcher's C1-only
        // JIT does not inline, and a load checks every service's address for duplicates
        @Override
        public boolean equals(Object o) {
            return o instanceof Inet i && port == i.port && address.equals(i.address);
        }

        @Override
        public int hashCode() {
            return address.hashCode() * 31 + port;
        }
    }

    /** {@code virtual_server fwmark N}; the family comes from {@code ip_family} (inet unless set). */
    record Fwmark(long mark, IpFamily family) implements ServiceAddress {
        @Override
        public boolean equals(Object o) {
            return o instanceof Fwmark f && mark == f.mark && family == f.family;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(mark) * 31 + java.util.Objects.hashCode(family);
        }
    }

    /** {@code virtual_server group NAME}: one IPVS service per group entry. */
    record Group(String name) implements ServiceAddress {
        @Override
        public boolean equals(Object o) {
            return o instanceof Group g && name.equals(g.name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }
}

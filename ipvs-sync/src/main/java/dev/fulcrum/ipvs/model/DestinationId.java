package dev.fulcrum.ipvs.model;

import java.net.InetAddress;

/** The identity of a destination within its service: (address, port). */
public record DestinationId(InetAddress address, int port) implements Comparable<DestinationId> {
    @Override
    public int compareTo(DestinationId o) {
        int c = Endpoints.compare(address, o.address);
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    // written out: the generated equals/hashCode go through method handles, which the launcher's C1-only
    // JIT does not inline, and this is a map key in every plan
    @Override
    public boolean equals(Object o) {
        return o instanceof DestinationId d && port == d.port && address.equals(d.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return Endpoints.format(address, port);
    }
}

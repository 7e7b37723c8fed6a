package dev.fulcrum.ipvs.model;

import java.net.InetAddress;

/** The identity of a destination within its service: (address, port). */
public record DestinationId(InetAddress address, int port) implements Comparable<DestinationId> {
    @Override
    public int compareTo(DestinationId o) {
        int c = Endpoints.compare(address, o.address);
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    @Override
    public String toString() {
        return Endpoints.format(address, port);
    }
}

package dev.fulcrum.vrrp.wire;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A VRRP message as the socket delivered it, with the IP-level facts the RFC checks (TTL/hop limit,
 * source, destination). The payload starts at the VRRP header.
 */
public record ReceivedDatagram(InetAddress source, InetAddress destination, int ttl, byte[] payload)
        implements Framing {

    public ReceivedDatagram {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedDatagram d && d.source.equals(source) && d.destination.equals(destination)
                && d.ttl == ttl && Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "ReceivedDatagram[" + source.getHostAddress() + " -> " + destination.getHostAddress() + " ttl=" + ttl
                + " len=" + payload.length + "]";
    }
}

package dev.fulcrum.ipvs.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A real server of a service and its settable attributes. Identity within a service is
 * {@link #id()} (address, port); everything else changes with SET_DEST. A destination's family may
 * differ from the service's only when tunnelled.
 *
 * @param weight 0..Integer.MAX_VALUE; 0 accepts no new connections (quiesced)
 * @param upperThreshold connection cap, 0 = none
 * @param lowerThreshold resume level, 0 = none; must not exceed a non-zero upper threshold
 * @param tunnel encapsulation for TUNNEL (IPIP by default)
 */
public record Destination(InetAddress address, int port, ForwardMethod method, int weight, int upperThreshold,
                          int lowerThreshold, Tunnel tunnel) {
    public Destination {
        Objects.requireNonNull(address);
        Objects.requireNonNull(method);
        Objects.requireNonNull(tunnel);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static Destination of(InetAddress address, int port, ForwardMethod method, int weight) {
        return new Destination(address, port, method, weight, 0, 0, Tunnel.IPIP);
    }

    public DestinationId id() {
        return new DestinationId(address, port);
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    public Destination withWeight(int w) {
        return new Destination(address, port, method, w, upperThreshold, lowerThreshold, tunnel);
    }

    /** Destinations compare equal for diffing when the kernel would store the same thing. */
    public boolean sameSettings(Destination o) {
        return method == o.method && weight == o.weight && upperThreshold == o.upperThreshold
                && lowerThreshold == o.lowerThreshold && (method != ForwardMethod.TUNNEL || tunnel.equals(o.tunnel));
    }

    @Override
    public String toString() {
        return Endpoints.format(address, port) + " " + method.display() + " w=" + weight;
    }
}

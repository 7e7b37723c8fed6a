package dev.fulcrum.conf.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/** An address and a port (0 = none/any), the identity of a real server or a sorry server. */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public IpFamily family() {
        return IpFamily.of(address);
    }

    // written out: the generated equals/hashCode go through method handles, which the launcher's C1-only
    // JIT does not inline, and an endpoint is a map key on every reload's walk over all real servers
    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && port == e.port && address.equals(e.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + port;
    }

    /** {@code [addr]:port}, the shape keepalived logs use. */
    @Override
    public String toString() {
        String a = AddressText.of(address);
        return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
    }
}

package dev.fulcrum.ipvs.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The identity of a virtual service, as the kernel keys its two tables: (protocol, address, port) or
 * (fwmark, family). Diffing is by this key alone; every other service attribute can change in place.
 */
public sealed interface ServiceKey extends Comparable<ServiceKey> {
    AddressFamily family();

    /** The form ipvsadm prints, e.g. "TCP 10.0.0.1:80", "UDP [2001:db8::1]:53", "FWM 7" / "FWM 7 IPv6". */
    String describe();

    /** True when connections are datagrams (UDP), which cannot be drained. */
    boolean datagram();

    static AddressKey of(Protocol protocol, InetAddress address, int port) {
        return new AddressKey(protocol, address, port);
    }

    static FwmarkKey fwmark(int mark, AddressFamily family) {
        return new FwmarkKey(mark, family);
    }

    /** A service selected by destination address, port and protocol. */
    record AddressKey(Protocol protocol, InetAddress address, int port) implements ServiceKey {
        public AddressKey {
            Objects.requireNonNull(protocol);
            Objects.requireNonNull(address);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public AddressFamily family() {
            return AddressFamily.of(address);
        }

        @Override
        public String describe() {
            return protocol + " " + Endpoints.format(address, port);
        }

        @Override
        public boolean datagram() {
            return protocol == Protocol.UDP;
        }

        // written out: the generated equals/hashCode go through method handles, which the launcher's C1-only
        // JIT does not inline, and a service key is a map key on every walk over all services
        @Override
        public boolean equals(Object o) {
            return o instanceof AddressKey k && port == k.port && protocol == k.protocol && address.equals(k.address);
        }

        @Override
        public int hashCode() {
            return (address.hashCode() * 31 + port) * 31 + protocol.ordinal();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A service selected by firewall mark, per address family. */
    record FwmarkKey(int mark, AddressFamily family) implements ServiceKey {
        public FwmarkKey {
            Objects.requireNonNull(family);
            if (mark == 0) {
                throw new IllegalArgumentException("fwmark 0 is not a service");
            }
        }

        @Override
        public String describe() {
            return "FWM " + Integer.toUnsignedString(mark) + (family == AddressFamily.INET6 ? " IPv6" : "");
        }

        @Override
        public boolean datagram() {
            return false;
        }

        // written out, as AddressKey's
        @Override
        public boolean equals(Object o) {
            return o instanceof FwmarkKey k && mark == k.mark && family == k.family;
        }

        @Override
        public int hashCode() {
            return mark * 31 + family.ordinal();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** ipvsadm's order: address services before fwmark ones; then family, protocol, address, port (or mark, family). */
    @Override
    default int compareTo(ServiceKey o) {
        if (this instanceof AddressKey a && o instanceof AddressKey b) {
            int c = a.family().compareTo(b.family());
            if (c == 0) {
                c = Integer.compare(a.protocol().number(), b.protocol().number());
            }
            if (c == 0) {
                c = Endpoints.compare(a.address(), b.address());
            }
            return c != 0 ? c : Integer.compare(a.port(), b.port());
        }
        if (this instanceof FwmarkKey a && o instanceof FwmarkKey b) {
            int c = Integer.compareUnsigned(a.mark(), b.mark());
            return c != 0 ? c : a.family().compareTo(b.family());
        }
        return this instanceof AddressKey ? -1 : 1;
    }

    static boolean isIpv6(InetAddress a) {
        return a instanceof Inet6Address;
    }
}

package dev.fulcrum.net.rtnl;

/**
 * A network interface as RTM_NEWLINK reports it: index, name, IFF_* flags, MTU, operational state and
 * link-layer address (empty when it has none). Read through rtnetlink because the JDK's
 * {@code NetworkInterface} lists only interfaces that carry an IP address.
 */
public record Link(int index, String name, int flags, int mtu, int operState, byte[] address) {
    public Link {
        address = address == null ? new byte[0] : address.clone();
    }

    public Link(int index, String name, int flags, int mtu, int operState) {
        this(index, name, flags, mtu, operState, new byte[0]);
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Link l && index == l.index && flags == l.flags && mtu == l.mtu && operState == l.operState
                && java.util.Objects.equals(name, l.name) && java.util.Arrays.equals(address, l.address);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(index, name, flags, mtu, operState) * 31 + java.util.Arrays.hashCode(address);
    }

    @Override
    public String toString() {
        return "Link[" + index + " " + name + " flags=0x" + Integer.toHexString(flags) + " mtu=" + mtu + " oper=" + operState + "]";
    }

    public boolean up() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** Carrier present (IFF_LOWER_UP), which is what VRRP fault detection watches. */
    public boolean lowerUp() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }
}

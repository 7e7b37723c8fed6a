package dev.fulcrum.net.rtnl;

/** A network interface as RTM_NEWLINK reports it: index, name, IFF_* flags, MTU and operational state. */
public record Link(int index, String name, int flags, int mtu, int operState) {
    public boolean up() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** Carrier present (IFF_LOWER_UP), which is what VRRP fault detection watches. */
    public boolean lowerUp() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }
}

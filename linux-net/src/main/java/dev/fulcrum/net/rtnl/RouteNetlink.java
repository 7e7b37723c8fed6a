package dev.fulcrum.net.rtnl;

import dev.fulcrum.net.netlink.Errno;
import dev.fulcrum.net.netlink.Netlink;
import dev.fulcrum.net.netlink.NetlinkException;
import dev.fulcrum.net.netlink.NetlinkMessage;
import dev.fulcrum.net.netlink.NetlinkReply;
import dev.fulcrum.net.netlink.NetlinkRequest;
import dev.fulcrum.net.netlink.NetlinkSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The rtnetlink operations VRRP needs: add and remove VIPs, list addresses, find links. It owns one
 * request socket in the caller's network namespace (the namespace of the thread that opens it).
 * Errors are {@link NetlinkException}s naming the address, e.g. "add address 10.0.0.1/32 on ifindex 3:
 * EEXIST".
 */
public final class RouteNetlink implements AutoCloseable {
    private final NetlinkSocket socket;

    private RouteNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    public static RouteNetlink open() {
        return new RouteNetlink(NetlinkSocket.open(Netlink.NETLINK_ROUTE));
    }

    /** Adds the address; fails with EEXIST if present. */
    public void addAddress(AddressRequest r) {
        socket.request(RtnlCodec.addAddress(r, false));
    }

    /** Adds or replaces the address (idempotent). */
    public void replaceAddress(AddressRequest r) {
        socket.request(RtnlCodec.addAddress(r, true));
    }

    /** Deletes the address; fails with EADDRNOTAVAIL if absent. */
    public void deleteAddress(AddressRequest r) {
        socket.request(RtnlCodec.deleteAddress(r));
    }

    /** Applies many address changes in one batch; one reply per request, failures reported not thrown. */
    public List<NetlinkReply> apply(List<NetlinkRequest> requests) {
        return socket.execute(requests);
    }

    /** Every address of {@code family} (Rtnl.AF_INET, AF_INET6 or AF_UNSPEC). */
    public List<InterfaceAddress> addresses(int family) {
        List<InterfaceAddress> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(RtnlCodec.dumpAddresses(family))) {
            if (m.type() == Rtnl.RTM_NEWADDR) {
                out.add(RtnlCodec.decodeAddress(m));
            }
        }
        return out;
    }

    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(RtnlCodec.dumpLinks())) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                out.add(RtnlCodec.decodeLink(m));
            }
        }
        return out;
    }

    /** The link called {@code name}; NetlinkException ENODEV if there is none. */
    public Link link(String name) {
        for (NetlinkMessage m : socket.request(RtnlCodec.getLink(name))) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                return RtnlCodec.decodeLink(m);
            }
        }
        throw new NetlinkException(Errno.ENODEV, "look up link", name);
    }

    public int linkIndex(String name) {
        return link(name).index();
    }

    @Override
    public void close() {
        socket.close();
    }
}

package dev.fulcrum.net.rtnl;

import dev.fulcrum.net.netlink.Errno;
import dev.fulcrum.net.netlink.Netlink;
import dev.fulcrum.net.netlink.NetlinkException;
import dev.fulcrum.net.netlink.NetlinkMessage;
import dev.fulcrum.net.netlink.NetlinkSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Link and address change notifications on a socket of their own (requests and events must not share
 * a socket, or replies interleave with events). VRRP reacts to carrier loss through this within
 * milliseconds instead of polling. Lost events are reported as {@link RtnlEvent.Overflow}.
 */
public final class RtnlEventStream implements AutoCloseable {
    private final NetlinkSocket socket;

    private RtnlEventStream(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Subscribes to link, IPv4 address and IPv6 address events. */
    public static RtnlEventStream open() {
        return new RtnlEventStream(NetlinkSocket.open(Netlink.NETLINK_ROUTE,
                Rtnl.RTMGRP_LINK | Rtnl.RTMGRP_IPV4_IFADDR | Rtnl.RTMGRP_IPV6_IFADDR));
    }

    /** Waits up to {@code timeoutMs} for the next datagram of events; empty on timeout. */
    public List<RtnlEvent> poll(int timeoutMs) {
        List<RtnlEvent> out = new ArrayList<>();
        try {
            for (NetlinkMessage m : socket.receiveEvents(timeoutMs)) {
                RtnlCodec.decodeEvent(m).ifPresent(out::add);
            }
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENOBUFS) {
                throw e;
            }
            out.add(new RtnlEvent.Overflow());
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}

package dev.fulcrum.net.netlink;

import java.util.List;

/**
 * The outcome of one request of a batch: the data messages it produced and its ack status. A batch
 * returns one reply per request so a failure is attributed to its own object and the rest still count.
 */
public record NetlinkReply(NetlinkRequest request, int errno, String kernelMessage, List<NetlinkMessage> data) {
    public boolean ok() {
        return errno == 0;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    /** This reply as an exception (only meaningful when not {@link #ok()}). */
    public NetlinkException exception() {
        return new NetlinkException(errno, request.operation(), request.object(), kernelMessage);
    }

    /** Throws {@link #exception()} unless the request succeeded. */
    public NetlinkReply orThrow() {
        if (!ok()) {
            throw exception();
        }
        return this;
    }
}

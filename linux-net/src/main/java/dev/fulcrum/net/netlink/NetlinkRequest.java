package dev.fulcrum.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An encoded netlink message plus the words an error message needs: what was attempted
 * ({@code operation}, e.g. "add service") and on what ({@code object}, e.g. "TCP 10.0.0.1:80").
 * The bytes carry sequence 0; the socket stamps a fresh sequence number on every send.
 */
public record NetlinkRequest(byte[] message, String operation, String object) {
    public NetlinkRequest {
        if (message.length < Netlink.NLMSG_HDRLEN) {
            throw new IllegalArgumentException("a netlink message has at least 16 bytes");
        }
    }

    public int type() {
        return ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getShort(4) & 0xFFFF;
    }

    public int flags() {
        return ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getShort(6) & 0xFFFF;
    }

    public boolean isDump() {
        return (flags() & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP;
    }
}

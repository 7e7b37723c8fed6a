package dev.fulcrum.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: header fields and its payload (everything after the 16-byte header,
 * native byte order). Parsing is pure, so codecs are tested from captured bytes without a socket.
 */
public record NetlinkMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {

    /** Splits a datagram into messages; a truncated trailing message is an error, never silently dropped. */
    public static List<NetlinkMessage> parseAll(ByteBuffer data) {
        ByteBuffer b = data.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        while (b.remaining() >= Netlink.NLMSG_HDRLEN) {
            int start = b.position();
            int len = b.getInt(start);
            if (len < Netlink.NLMSG_HDRLEN || len > b.remaining()) {
                throw new IllegalArgumentException("malformed netlink message length " + len + " with " + b.remaining() + " bytes left");
            }
            int type = b.getShort(start + 4) & 0xFFFF;
            int flags = b.getShort(start + 6) & 0xFFFF;
            int seq = b.getInt(start + 8);
            int pid = b.getInt(start + 12);
            ByteBuffer payload = b.duplicate().position(start + Netlink.NLMSG_HDRLEN).limit(start + len).slice().order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, pid, payload));
            int next = start + Netlink.align(len);
            if (next > b.limit()) {
                break;
            }
            b.position(next);
        }
        return out;
    }

    public static List<NetlinkMessage> parseAll(byte[] data, int length) {
        return parseAll(ByteBuffer.wrap(data, 0, length));
    }

    public boolean isError() {
        return type == Netlink.NLMSG_ERROR;
    }

    public boolean isDone() {
        return type == Netlink.NLMSG_DONE;
    }

    /** For NLMSG_ERROR: the error field, 0 for an ACK, else a negative errno. */
    public int error() {
        return payload.getInt(0);
    }

    /** For NLMSG_ERROR with extended ack: the kernel's human-readable message, or null. */
    public String extendedAckMessage() {
        if (!isError() || (flags & Netlink.NLM_F_ACK_TLVS) == 0 || payload.limit() < 20) {
            return null;
        }
        int tlvStart = 20;
        if ((flags & Netlink.NLM_F_CAPPED) == 0) {
            tlvStart = 4 + Netlink.align(payload.getInt(4));
        }
        if (tlvStart >= payload.limit()) {
            return null;
        }
        NetlinkAttributes a = NetlinkAttributes.parse(payload.duplicate().position(tlvStart).slice().order(ByteOrder.nativeOrder()));
        return a.has(Netlink.NLMSGERR_ATTR_MSG) ? a.string(Netlink.NLMSGERR_ATTR_MSG) : null;
    }

    /** The generic netlink command (first byte of genlmsghdr). */
    public int genlCommand() {
        return payload.get(0) & 0xFF;
    }

    /** The attributes following a family header of {@code headerLength} bytes (4 for genl). */
    public NetlinkAttributes attributes(int headerLength) {
        return NetlinkAttributes.parse(payload.duplicate().position(Math.min(Netlink.align(headerLength), payload.limit())).slice().order(ByteOrder.nativeOrder()));
    }
}

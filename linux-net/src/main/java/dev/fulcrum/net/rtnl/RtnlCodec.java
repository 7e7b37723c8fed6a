package dev.fulcrum.net.rtnl;

import dev.fulcrum.net.netlink.Netlink;
import dev.fulcrum.net.netlink.NetlinkAttributes;
import dev.fulcrum.net.netlink.NetlinkMessage;
import dev.fulcrum.net.netlink.NetlinkMessageBuilder;
import dev.fulcrum.net.netlink.NetlinkRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Pure encoders and decoders for the rtnetlink messages Fulcrum uses (addresses and links). Kept apart
 * from the socket so the exact bytes are unit-tested against iproute2's encoding.
 */
public final class RtnlCodec {
    private RtnlCodec() {
    }

    private static byte[] ifaddrmsg(int family, int prefix, int flags, int scope, int ifindex) {
        return ByteBuffer.allocate(Rtnl.IFADDRMSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) prefix).put((byte) flags).put((byte) scope).putInt(ifindex).array();
    }

    /** RTM_NEWADDR; {@code replace} gives CREATE|REPLACE (idempotent), otherwise CREATE|EXCL like {@code ip addr add}. */
    public static NetlinkRequest addAddress(AddressRequest r, boolean replace) {
        int flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE
                | (replace ? Netlink.NLM_F_REPLACE : Netlink.NLM_F_EXCL);
        int ifaFlags = (r.family() == Rtnl.AF_INET6 ? Rtnl.IFA_F_NODAD : 0) | (r.noPrefixRoute() ? Rtnl.IFA_F_NOPREFIXROUTE : 0);
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(Rtnl.RTM_NEWADDR, flags)
                .header(ifaddrmsg(r.family(), r.prefixLength(), ifaFlags & 0xFF, r.scope(), r.ifindex()))
                .putBytes(Rtnl.IFA_LOCAL, r.address().getAddress())
                .putBytes(Rtnl.IFA_ADDRESS, r.address().getAddress());
        if (r.label() != null) {
            b.putString(Rtnl.IFA_LABEL, r.label());
        }
        if (r.broadcast() != null) {
            b.putBytes(Rtnl.IFA_BROADCAST, r.broadcast().getAddress());
        }
        if (ifaFlags > 0xFF) {
            b.putU32(Rtnl.IFA_FLAGS, ifaFlags);
        }
        return b.build(replace ? "replace address" : "add address", r.toString());
    }

    /** RTM_DELADDR for the address of {@code r} (prefix length must match the configured one). */
    public static NetlinkRequest deleteAddress(AddressRequest r) {
        return new NetlinkMessageBuilder(Rtnl.RTM_DELADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .header(ifaddrmsg(r.family(), r.prefixLength(), 0, 0, r.ifindex()))
                .putBytes(Rtnl.IFA_LOCAL, r.address().getAddress())
                .putBytes(Rtnl.IFA_ADDRESS, r.address().getAddress())
                .build("delete address", r.toString());
    }

    /** RTM_GETADDR dump of one family (AF_INET, AF_INET6) or all (AF_UNSPEC). */
    public static NetlinkRequest dumpAddresses(int family) {
        return new NetlinkMessageBuilder(Rtnl.RTM_GETADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)
                .header(ifaddrmsg(family, 0, 0, 0, 0))
                .build("list addresses", family == 0 ? "all families" : "family " + family);
    }

    private static byte[] ifinfomsg(int index) {
        return ByteBuffer.allocate(Rtnl.IFINFOMSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(0).putInt(0).array();
    }

    /** RTM_GETLINK by name (one reply). */
    public static NetlinkRequest getLink(String name) {
        return new NetlinkMessageBuilder(Rtnl.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .header(ifinfomsg(0))
                .putString(Rtnl.IFLA_IFNAME, name)
                .build("look up link", name);
    }

    /** RTM_GETLINK dump of every link. */
    public static NetlinkRequest dumpLinks() {
        return new NetlinkMessageBuilder(Rtnl.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)
                .header(ifinfomsg(0))
                .build("list links", "");
    }

    /** Decodes an RTM_NEWADDR/RTM_DELADDR message. */
    public static InterfaceAddress decodeAddress(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        int family = p.get(0) & 0xFF;
        int prefix = p.get(1) & 0xFF;
        int flags = p.get(2) & 0xFF;
        int scope = p.get(3) & 0xFF;
        int index = p.getInt(4);
        NetlinkAttributes a = m.attributes(Rtnl.IFADDRMSG_LEN);
        byte[] raw = a.has(Rtnl.IFA_LOCAL) ? a.bytes(Rtnl.IFA_LOCAL) : a.bytes(Rtnl.IFA_ADDRESS);
        if (a.has(Rtnl.IFA_FLAGS)) {
            flags = a.u32(Rtnl.IFA_FLAGS);
        }
        String label = a.has(Rtnl.IFA_LABEL) ? a.string(Rtnl.IFA_LABEL) : null;
        try {
            InetAddress addr = InetAddress.getByAddress(raw);
            if (family != Rtnl.AF_INET && family != Rtnl.AF_INET6) {
                throw new IllegalArgumentException("address family " + family);
            }
            return new InterfaceAddress(index, addr, prefix, scope, flags, label);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + raw.length, e);
        }
    }

    /** Decodes an RTM_NEWLINK/RTM_DELLINK message. */
    public static Link decodeLink(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        int index = p.getInt(4);
        int flags = p.getInt(8);
        NetlinkAttributes a = m.attributes(Rtnl.IFINFOMSG_LEN);
        return new Link(index, a.has(Rtnl.IFLA_IFNAME) ? a.string(Rtnl.IFLA_IFNAME) : "", flags,
                a.u32(Rtnl.IFLA_MTU, 0), a.u8(Rtnl.IFLA_OPERSTATE, 0));
    }

    /** Decodes an event message, or empty for a type this codec does not follow. */
    public static Optional<RtnlEvent> decodeEvent(NetlinkMessage m) {
        return switch (m.type()) {
            case Rtnl.RTM_NEWLINK -> Optional.of(new RtnlEvent.LinkChanged(decodeLink(m), false));
            case Rtnl.RTM_DELLINK -> Optional.of(new RtnlEvent.LinkChanged(decodeLink(m), true));
            case Rtnl.RTM_NEWADDR -> Optional.of(new RtnlEvent.AddressChanged(decodeAddress(m), false));
            case Rtnl.RTM_DELADDR -> Optional.of(new RtnlEvent.AddressChanged(decodeAddress(m), true));
            default -> Optional.empty();
        };
    }
}

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
                a.u32(Rtnl.IFLA_MTU, 0), a.u8(Rtnl.IFLA_OPERSTATE, 0),
                a.has(Rtnl.IFLA_ADDRESS) ? a.bytes(Rtnl.IFLA_ADDRESS) : null);
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

    private static byte[] rtmsg(RouteRequest r, boolean delete) {
        int table = r.table() < 256 ? r.table() : Rtnl.RT_TABLE_COMPAT;
        return ByteBuffer.allocate(Rtnl.RTMSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) r.family()).put((byte) r.prefixLength()).put((byte) r.sourceLength()).put((byte) 0)
                .put((byte) table).put((byte) (delete ? Rtnl.RTPROT_UNSPEC : r.protocol()))
                .put((byte) (delete ? Rtnl.RT_SCOPE_NOWHERE : r.scope())).put((byte) (delete && r.type() == Rtnl.RTN_UNICAST ? Rtnl.RTN_UNSPEC : r.type()))
                .putInt(r.onlink() && !delete ? Rtnl.RTNH_F_ONLINK : 0).array();
    }

    private static NetlinkRequest route(RouteRequest r, int type, int flags, boolean delete, String op) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(type, flags).header(rtmsg(r, delete));
        if (r.destination() != null) {
            b.putBytes(Rtnl.RTA_DST, r.destination().getAddress());
        }
        if (r.source() != null) {
            b.putBytes(Rtnl.RTA_SRC, r.source().getAddress());
        }
        if (r.gateway() != null) {
            b.putBytes(Rtnl.RTA_GATEWAY, r.gateway().getAddress());
        }
        if (r.oif() != 0) {
            b.putU32(Rtnl.RTA_OIF, r.oif());
        }
        if (r.prefSrc() != null) {
            b.putBytes(Rtnl.RTA_PREFSRC, r.prefSrc().getAddress());
        }
        if (r.metric() >= 0) {
            b.putU32(Rtnl.RTA_PRIORITY, r.metric());
        }
        b.putU32(Rtnl.RTA_TABLE, r.table());
        return b.build(op, r.toString());
    }

    /** RTM_NEWROUTE; {@code replace} gives CREATE|REPLACE (idempotent, like {@code ip route replace}), otherwise CREATE|EXCL. */
    public static NetlinkRequest addRoute(RouteRequest r, boolean replace) {
        int flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE
                | (replace ? Netlink.NLM_F_REPLACE : Netlink.NLM_F_EXCL);
        return route(r, Rtnl.RTM_NEWROUTE, flags, false, replace ? "replace route" : "add route");
    }

    /**
     * RTM_DELROUTE as {@code ip route del} sends it: scope NOWHERE, protocol and (for unicast) type
     * unspecified, so the kernel matches on destination, table, gateway, oif and metric only.
     */
    public static NetlinkRequest deleteRoute(RouteRequest r) {
        return route(r, Rtnl.RTM_DELROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, true, "delete route");
    }

    private static NetlinkRequest rule(RuleRequest r, int type, int flags, String op) {
        int table = r.table() < 256 ? r.table() : Rtnl.RT_TABLE_COMPAT;
        byte[] hdr = ByteBuffer.allocate(Rtnl.FIB_RULE_HDR_LEN).order(ByteOrder.nativeOrder())
                .put((byte) r.family()).put((byte) r.destLength()).put((byte) r.sourceLength()).put((byte) r.tos())
                .put((byte) table).put((byte) 0).put((byte) 0).put((byte) r.action())
                .putInt(r.invert() ? Rtnl.FIB_RULE_INVERT : 0).array();
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(type, flags).header(hdr);
        if (r.source() != null) {
            b.putBytes(Rtnl.FRA_SRC, r.source().getAddress());
        }
        if (r.destination() != null) {
            b.putBytes(Rtnl.FRA_DST, r.destination().getAddress());
        }
        if (r.iifName() != null) {
            b.putString(Rtnl.FRA_IIFNAME, r.iifName());
        }
        if (r.oifName() != null) {
            b.putString(Rtnl.FRA_OIFNAME, r.oifName());
        }
        if (r.fwmark() >= 0) {
            b.putU32(Rtnl.FRA_FWMARK, (int) r.fwmark());
        }
        if (r.fwmask() >= 0) {
            b.putU32(Rtnl.FRA_FWMASK, (int) r.fwmask());
        }
        if (r.priority() >= 0) {
            b.putU32(Rtnl.FRA_PRIORITY, (int) r.priority());
        }
        if (r.gotoTarget() >= 0) {
            b.putU32(Rtnl.FRA_GOTO, (int) r.gotoTarget());
        }
        if (r.suppressPrefixLength() >= 0) {
            b.putU32(Rtnl.FRA_SUPPRESS_PREFIXLEN, r.suppressPrefixLength());
        }
        if (r.table() > 0) {
            b.putU32(Rtnl.FRA_TABLE, r.table());
        }
        return b.build(op, r.toString());
    }

    /** RTM_NEWRULE with CREATE|EXCL, like {@code ip rule add} (the kernel refuses an identical rule with EEXIST). */
    public static NetlinkRequest addRule(RuleRequest r) {
        return rule(r, Rtnl.RTM_NEWRULE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, "add rule");
    }

    /** RTM_DELRULE matching every selector of {@code r}; ENOENT when no such rule exists. */
    public static NetlinkRequest deleteRule(RuleRequest r) {
        return rule(r, Rtnl.RTM_DELRULE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, "delete rule");
    }

    private static byte[] ifinfomsg(int index, int flags, int change) {
        return ByteBuffer.allocate(Rtnl.IFINFOMSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change).array();
    }

    /**
     * RTM_NEWLINK CREATE|EXCL of a macvlan {@code name} on {@code parentIndex} with address {@code mac}
     * and {@code mode} (Rtnl.MACVLAN_MODE_*), created down, so that the caller can set its sysctls (e.g.
     * disable IPv6: no link-local, no MLD report with the shared MAC) before anything leaves it.
     */
    public static NetlinkRequest addMacvlan(String name, int parentIndex, byte[] mac, int mode) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("MAC of " + mac.length + " bytes");
        }
        return new NetlinkMessageBuilder(Rtnl.RTM_NEWLINK,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                .header(ifinfomsg(0, 0, 0))
                .putU32(Rtnl.IFLA_LINK, parentIndex)
                .putString(Rtnl.IFLA_IFNAME, name)
                .putBytes(Rtnl.IFLA_ADDRESS, mac)
                .beginNested(Rtnl.IFLA_LINKINFO)
                .putString(Rtnl.IFLA_INFO_KIND, "macvlan")
                .beginNested(Rtnl.IFLA_INFO_DATA)
                .putU32(Rtnl.IFLA_MACVLAN_MODE, mode)
                .endNested()
                .endNested()
                .build("add macvlan", name + " on ifindex " + parentIndex);
    }

    /** RTM_NEWLINK setting or clearing IFF_UP on {@code index}, like {@code ip link set IF up|down}. */
    public static NetlinkRequest setLinkUp(int index, boolean up) {
        return new NetlinkMessageBuilder(Rtnl.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .header(ifinfomsg(index, up ? Rtnl.IFF_UP : 0, Rtnl.IFF_UP))
                .build(up ? "set link up" : "set link down", "ifindex " + index);
    }

    /** RTM_DELLINK of {@code index}. */
    public static NetlinkRequest deleteLink(int index) {
        return new NetlinkMessageBuilder(Rtnl.RTM_DELLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .header(ifinfomsg(index, 0, 0))
                .build("delete link", "ifindex " + index);
    }
}

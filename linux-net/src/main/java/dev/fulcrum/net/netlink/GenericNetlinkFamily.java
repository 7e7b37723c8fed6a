package dev.fulcrum.net.netlink;

import java.util.List;

/**
 * A generic netlink family as the controller reports it. Generic families get their message type
 * assigned at registration, so every user must resolve the name (e.g. "IPVS") to its id at run time;
 * hard-coding an id would work on one boot and break on another.
 */
public record GenericNetlinkFamily(String name, int id, int version, int headerSize, int maxAttribute) {

    /** The CTRL_CMD_GETFAMILY request for {@code name}. */
    public static NetlinkRequest request(String name) {
        return NetlinkMessageBuilder.generic(Netlink.GENL_ID_CTRL, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK,
                        Netlink.CTRL_CMD_GETFAMILY, 1)
                .putString(Netlink.CTRL_ATTR_FAMILY_NAME, name)
                .build("resolve generic netlink family", name);
    }

    /** Decodes the controller's CTRL_CMD_NEWFAMILY reply. */
    public static GenericNetlinkFamily decode(NetlinkMessage reply) {
        NetlinkAttributes a = reply.attributes(Netlink.GENL_HDRLEN);
        return new GenericNetlinkFamily(a.string(Netlink.CTRL_ATTR_FAMILY_NAME), a.u16(Netlink.CTRL_ATTR_FAMILY_ID),
                a.u32(Netlink.CTRL_ATTR_VERSION, 0), a.u32(Netlink.CTRL_ATTR_HDRSIZE, 0), a.u32(Netlink.CTRL_ATTR_MAXATTR, 0));
    }

    /**
     * Resolves {@code name} on a NETLINK_GENERIC socket.
     *
     * @throws NetlinkException with ENOENT when the family is not registered (module not loaded)
     */
    public static GenericNetlinkFamily resolve(NetlinkSocket socket, String name) {
        List<NetlinkMessage> replies = socket.request(request(name));
        for (NetlinkMessage m : replies) {
            if (m.type() == Netlink.GENL_ID_CTRL && m.genlCommand() == Netlink.CTRL_CMD_NEWFAMILY) {
                return decode(m);
            }
        }
        throw new NetlinkException(Errno.ENOENT, "resolve generic netlink family", name, "no NEWFAMILY reply");
    }
}

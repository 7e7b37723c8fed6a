package dev.fulcrum.net.packet;

import java.net.Inet6Address;

/**
 * The IPv6 counterpart of gratuitous ARP (kernel-interfaces.md §6): an unsolicited Neighbour
 * Advertisement to all-nodes with the Override flag (and Router, as RFC 5798 wants for VRRP), carrying
 * the target link-layer address option.
 */
public final class UnsolicitedNeighborAdvert {
    public static final int ETH_P_IPV6 = 0x86DD;
    public static final int FRAME_LENGTH = 86;
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private UnsolicitedNeighborAdvert() {
    }

    public static byte[] frame(byte[] mac, Inet6Address vip, boolean router) {
        byte[] f = new byte[FRAME_LENGTH];
        f[0] = 0x33;
        f[1] = 0x33;
        f[5] = 0x01;
        System.arraycopy(mac, 0, f, 6, 6);
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xdd;
        f[14] = 0x60;
        f[19] = 32; // payload length
        f[20] = 58; // ICMPv6
        f[21] = (byte) 255;
        byte[] ip = vip.getAddress();
        System.arraycopy(ip, 0, f, 22, 16);
        System.arraycopy(ALL_NODES, 0, f, 38, 16);
        f[54] = (byte) 136;
        f[58] = (byte) ((router ? 0x80 : 0) | 0x20);
        System.arraycopy(ip, 0, f, 62, 16);
        f[78] = 2;
        f[79] = 1;
        System.arraycopy(mac, 0, f, 80, 6);
        long sum = 0;
        for (int i = 22; i < 54; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        sum += 32 + 58;
        for (int i = 54; i < 86; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int c = (int) (~sum & 0xffff);
        f[56] = (byte) (c >>> 8);
        f[57] = (byte) c;
        return f;
    }
}

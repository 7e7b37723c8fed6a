package dev.fulcrum.net.packet;

import java.net.Inet4Address;

/**
 * The gratuitous ARP frame keepalived sends on takeover (kernel-interfaces.md §5): a broadcast ARP
 * request whose sender and target are both the VIP and whose target MAC is ff:ff:ff:ff:ff:ff. Clients
 * and switches update their caches from it; that is what moves traffic to the new master.
 */
public final class GratuitousArp {
    public static final int ETH_P_ARP = 0x0806;
    public static final int FRAME_LENGTH = 42;

    private GratuitousArp() {
    }

    public static byte[] frame(byte[] mac, Inet4Address vip) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("MAC must be 6 bytes");
        }
        byte[] f = new byte[FRAME_LENGTH];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
            f[32 + i] = (byte) 0xff;
        }
        System.arraycopy(mac, 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x06;
        f[14] = 0x00;
        f[15] = 0x01; // htype Ethernet
        f[16] = 0x08;
        f[17] = 0x00; // ptype IPv4
        f[18] = 6;
        f[19] = 4;
        f[20] = 0x00;
        f[21] = 0x01; // request
        System.arraycopy(mac, 0, f, 22, 6);
        byte[] ip = vip.getAddress();
        System.arraycopy(ip, 0, f, 28, 4);
        System.arraycopy(ip, 0, f, 38, 4);
        return f;
    }
}

package dev.fulcrum.vrrp.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The IPv4 header as keepalived writes it for adverts (TOS 0xc0, DF clear, per-instance ID counter, TTL
 * 255) and as a raw socket hands it back on receive. Pure: bytes in, bytes out.
 */
public final class Ipv4Header {
    public static final int TOS_NETWORK_CONTROL = 0xc0;

    private Ipv4Header() {
    }

    /** Builds header + payload with the header checksum filled in. */
    public static byte[] wrap(Inet4Address source, Inet4Address destination, int id, int ttl, int tos, byte[] payload) {
        int total = 20 + payload.length;
        byte[] p = new byte[total];
        p[0] = 0x45;
        p[1] = (byte) tos;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[4] = (byte) (id >>> 8);
        p[5] = (byte) id;
        p[8] = (byte) ttl;
        p[9] = (byte) VrrpCodec.IPPROTO_VRRP;
        System.arraycopy(source.getAddress(), 0, p, 12, 4);
        System.arraycopy(destination.getAddress(), 0, p, 16, 4);
        int c = InetChecksum.of(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }

    /**
     * Splits a received IPv4 packet into its facts and VRRP payload, trusting the header's total length
     * over the buffer length (veth frames are unpadded, physical ones padded to 60 bytes).
     *
     * @return a {@link ReceivedDatagram}, or a {@link Rejection} when the header is unusable
     */
    public static Framing parse(byte[] buf, int len) {
        if (buf == null || len < 20 || len > buf.length) {
            return new Rejection.IpHeaderInvalid("shorter than 20 bytes");
        }
        if ((buf[0] & 0xf0) != 0x40) {
            return new Rejection.IpHeaderInvalid("not IPv4");
        }
        int ihl = (buf[0] & 0x0f) * 4;
        int total = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
        if (ihl < 20 || total < ihl || total > len) {
            return new Rejection.IpHeaderInvalid("header length " + ihl + ", total length " + total + ", received " + len);
        }
        if (total != len && len > 60 - 14) {
            // only minimum-size Ethernet padding is tolerated
            return new Rejection.LengthInvalid(len, total);
        }
        if ((buf[9] & 0xff) != VrrpCodec.IPPROTO_VRRP) {
            return new Rejection.IpHeaderInvalid("protocol " + (buf[9] & 0xff));
        }
        byte[] src = new byte[4];
        byte[] dst = new byte[4];
        System.arraycopy(buf, 12, src, 0, 4);
        System.arraycopy(buf, 16, dst, 0, 4);
        byte[] payload = new byte[total - ihl];
        System.arraycopy(buf, ihl, payload, 0, payload.length);
        try {
            return new ReceivedDatagram(InetAddress.getByAddress(src), InetAddress.getByAddress(dst), buf[8] & 0xff,
                    payload);
        } catch (UnknownHostException e) {
            return new Rejection.IpHeaderInvalid("address"); // unreachable
        }
    }
}

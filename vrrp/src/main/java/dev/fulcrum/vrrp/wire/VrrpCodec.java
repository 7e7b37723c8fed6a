package dev.fulcrum.vrrp.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure VRRP message codec: advert records to bytes and back, nothing else. It owns the checksum rules
 * (kernel-interfaces.md §7.4) because they depend on the IP addresses but not on any socket. Decoding
 * never throws; every malformed input yields a {@link Rejection}.
 */
public final class VrrpCodec {
    public static final int IPPROTO_VRRP = 112;
    private static final int TYPE_ADVERTISEMENT = 1;
    private static final int V2_AUTH_LEN = 8;

    private VrrpCodec() {
    }

    /**
     * Encodes the VRRP message (no IP header).
     *
     * @param source      the IP source the packet will carry (v3 pseudo-header)
     * @param destination the IP destination (group or unicast peer; v3 pseudo-header)
     * @param form        the v3/IPv4 checksum form; ignored for v2 and IPv6
     */
    public static byte[] encode(VrrpAdvertisement a, InetAddress source, InetAddress destination, V3Checksum form) {
        boolean v6 = source instanceof Inet6Address;
        int addrLen = v6 ? 16 : 4;
        int n = a.addresses().size();
        boolean v2 = a.version() == VrrpVersion.V2;
        if (v2 && v6) {
            throw new IllegalArgumentException("VRRPv2 is IPv4 only");
        }
        int len = 8 + addrLen * n + (v2 ? V2_AUTH_LEN : 0);
        byte[] b = new byte[len];
        b[0] = (byte) ((a.version().number() << 4) | TYPE_ADVERTISEMENT);
        b[1] = (byte) a.vrid();
        b[2] = (byte) a.priority();
        b[3] = (byte) n;
        if (v2) {
            int secs = a.intervalCentis() / 100;
            if (secs < 1 || secs > 255 || a.intervalCentis() % 100 != 0) {
                throw new IllegalArgumentException("v2 interval must be whole seconds 1..255: " + a.intervalCentis());
            }
            b[4] = (byte) a.authType().code();
            b[5] = (byte) secs;
        } else {
            int cs = a.intervalCentis();
            if (cs < 1 || cs > 0x0fff) {
                throw new IllegalArgumentException("v3 interval must be 1..4095 cs: " + cs);
            }
            b[4] = (byte) (cs >>> 8);
            b[5] = (byte) cs;
        }
        int p = 8;
        for (InetAddress addr : a.addresses()) {
            byte[] raw = addr.getAddress();
            if (raw.length != addrLen) {
                throw new IllegalArgumentException("address family mixes with source: " + addr);
            }
            System.arraycopy(raw, 0, b, p, addrLen);
            p += addrLen;
        }
        if (v2 && a.authType() == AuthType.PASS) {
            byte[] pw = a.authData().getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(pw, 0, b, p, Math.min(V2_AUTH_LEN, pw.length));
        }
        int csum;
        if (v2 || (!v6 && form == V3Checksum.AS_V2)) {
            csum = InetChecksum.of(b, 0, len);
        } else {
            csum = pseudoHeader(source, destination, len).add(b, 0, len).value();
        }
        b[6] = (byte) (csum >>> 8);
        b[7] = (byte) csum;
        return b;
    }

    /** Decodes either version; see {@link #decode(byte[], int, int, InetAddress, InetAddress, VrrpVersion)}. */
    public static DecodeResult decode(byte[] buf, int off, int len, InetAddress source, InetAddress destination) {
        return decode(buf, off, len, source, destination, null);
    }

    /**
     * Decodes one VRRP message. Checks, in RFC order: version (against {@code expected} if given), type,
     * length, checksum. Instance-level checks (VRID, auth, interval, addresses) are {@link AdvertScreen}'s.
     */
    public static DecodeResult decode(byte[] buf, int off, int len, InetAddress source, InetAddress destination,
                                      VrrpVersion expected) {
        if (buf == null || source == null || destination == null || off < 0 || len < 0 || off + len > buf.length) {
            return new Rejection.LengthInvalid(len, 8);
        }
        if (len < 1) {
            return new Rejection.LengthInvalid(len, 8);
        }
        int version = (buf[off] & 0xf0) >>> 4;
        int type = buf[off] & 0x0f;
        if (version != 2 && version != 3) {
            return new Rejection.VersionMismatch(version, expected == null ? 3 : expected.number());
        }
        if (expected != null && version != expected.number()) {
            return new Rejection.VersionMismatch(version, expected.number());
        }
        boolean v6 = source instanceof Inet6Address;
        if (v6 != (destination instanceof Inet6Address)) {
            return new Rejection.FamilyMismatch("source and destination families differ");
        }
        if (version == 2 && v6) {
            return new Rejection.FamilyMismatch("VRRPv2 over IPv6");
        }
        if (type != TYPE_ADVERTISEMENT) {
            return new Rejection.InvalidType(type);
        }
        if (len < 8) {
            return new Rejection.LengthInvalid(len, 8);
        }
        int n = buf[off + 3] & 0xff;
        int addrLen = v6 ? 16 : 4;
        int expectedLen = 8 + n * addrLen + (version == 2 ? V2_AUTH_LEN : 0);
        if (len != expectedLen) {
            return new Rejection.LengthInvalid(len, expectedLen);
        }
        int received = ((buf[off + 6] & 0xff) << 8) | (buf[off + 7] & 0xff);
        Decoded.ChecksumForm form;
        if (version == 2) {
            if (InetChecksum.of(buf, off, len) != 0) {
                return new Rejection.ChecksumInvalid(received);
            }
            form = Decoded.ChecksumForm.V2_MESSAGE;
        } else if (v6) {
            if (pseudoHeader(source, destination, len).add(buf, off, len).value() != 0) {
                return new Rejection.ChecksumInvalid(received);
            }
            form = Decoded.ChecksumForm.V6_PSEUDO_HEADER;
        } else if (pseudoHeader(source, destination, len).add(buf, off, len).value() == 0) {
            form = Decoded.ChecksumForm.V3_PSEUDO_HEADER;
        } else if (InetChecksum.of(buf, off, len) == 0) {
            form = Decoded.ChecksumForm.V3_AS_V2;
        } else {
            return new Rejection.ChecksumInvalid(received);
        }
        int vrid = buf[off + 1] & 0xff;
        int priority = buf[off + 2] & 0xff;
        List<InetAddress> addrs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] raw = new byte[addrLen];
            System.arraycopy(buf, off + 8 + i * addrLen, raw, 0, addrLen);
            try {
                addrs.add(InetAddress.getByAddress(raw));
            } catch (UnknownHostException e) {
                return new Rejection.LengthInvalid(len, expectedLen); // unreachable: length is 4 or 16
            }
        }
        VrrpAdvertisement advert;
        if (version == 2) {
            AuthType auth = AuthType.ofCode(buf[off + 4] & 0xff);
            if (auth == null) {
                return new Rejection.InvalidAuthType(buf[off + 4] & 0xff);
            }
            int secs = buf[off + 5] & 0xff;
            String data = "";
            if (auth == AuthType.PASS) {
                int start = off + 8 + n * 4;
                int end = start;
                while (end < start + V2_AUTH_LEN && buf[end] != 0) {
                    end++;
                }
                data = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
            }
            advert = new VrrpAdvertisement(VrrpVersion.V2, vrid, priority, secs * 100, auth, data, addrs);
        } else {
            int cs = (((buf[off + 4] & 0xff) << 8) | (buf[off + 5] & 0xff)) & 0x0fff;
            advert = new VrrpAdvertisement(VrrpVersion.V3, vrid, priority, cs, AuthType.NONE, "", addrs);
        }
        return new Decoded(advert, form);
    }

    private static InetChecksum pseudoHeader(InetAddress source, InetAddress destination, int len) {
        InetChecksum c = new InetChecksum().add(source.getAddress()).add(destination.getAddress());
        if (source instanceof Inet4Address) {
            c.addU16(IPPROTO_VRRP).addU16(len);
        } else {
            c.addU16(len >>> 16).addU16(len).addU16(0).addU16(IPPROTO_VRRP);
        }
        return c;
    }
}

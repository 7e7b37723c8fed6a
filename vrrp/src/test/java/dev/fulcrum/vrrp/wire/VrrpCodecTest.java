package dev.fulcrum.vrrp.wire;

import static dev.fulcrum.vrrp.wire.PcapFile.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VrrpCodecTest {
    static final InetAddress SRC = addr("10.0.0.1");
    static final InetAddress GROUP = addr("224.0.0.18");
    static final InetAddress VIP = addr("10.0.0.100");

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void referenceVectorsFromTheSpec() {
        VrrpAdvertisement v2 = VrrpAdvertisement.v2(51, 100, 1, AuthType.NONE, "", List.of(VIP));
        assertArrayEquals(hex("21 33 64 01 00 01 70 66 0a 00 00 64 00 00 00 00 00 00 00 00"),
                VrrpCodec.encode(v2, SRC, GROUP, V3Checksum.PSEUDO_HEADER));
        VrrpAdvertisement v3 = VrrpAdvertisement.v3(51, 100, 100, List.of(VIP));
        assertArrayEquals(hex("31 33 64 01 00 64 75 73 0a 00 00 64"), VrrpCodec.encode(v3, SRC, GROUP, V3Checksum.PSEUDO_HEADER));
        assertArrayEquals(hex("31 33 64 01 00 64 60 03 0a 00 00 64"), VrrpCodec.encode(v3, SRC, GROUP, V3Checksum.AS_V2));
    }

    @Test
    void v3OverIpv4AcceptsBothChecksumFormsAndSaysWhich() {
        byte[] pseudo = hex("31 33 64 01 00 64 75 73 0a 00 00 64");
        byte[] asV2 = hex("31 33 64 01 00 64 60 03 0a 00 00 64");
        assertEquals(Decoded.ChecksumForm.V3_PSEUDO_HEADER,
                ((Decoded) VrrpCodec.decode(pseudo, 0, pseudo.length, SRC, GROUP)).checksumForm());
        assertEquals(Decoded.ChecksumForm.V3_AS_V2,
                ((Decoded) VrrpCodec.decode(asV2, 0, asV2.length, SRC, GROUP)).checksumForm());
        // the pseudo-header form is bound to the source: another source makes it invalid
        assertInstanceOf(Rejection.ChecksumInvalid.class, VrrpCodec.decode(pseudo, 0, pseudo.length, addr("10.0.0.2"), GROUP));
    }

    @Test
    void handBuiltNegativeVectorFromKeepalivedLab() {
        // v3 without pseudo-header from 10.99.0.100: keepalived drops it, we accept and count it as AS_V2
        byte[] b = hex("31 33 c8 01 00 64 fb d1 0a 63 00 32");
        Decoded d = (Decoded) VrrpCodec.decode(b, 0, b.length, addr("10.99.0.100"), GROUP);
        assertEquals(Decoded.ChecksumForm.V3_AS_V2, d.checksumForm());
        assertEquals(200, d.advert().priority());
    }

    @Test
    void ipv6RoundTrip() {
        InetAddress ll = addr("fe80::1");
        InetAddress g6 = addr("ff02::12");
        VrrpAdvertisement a = VrrpAdvertisement.v3(7, 200, 2, List.of(addr("fe80::7"), addr("2001:db8::7")));
        byte[] b = VrrpCodec.encode(a, ll, g6, V3Checksum.PSEUDO_HEADER);
        assertEquals(8 + 32, b.length);
        Decoded d = (Decoded) VrrpCodec.decode(b, 0, b.length, ll, g6);
        assertEquals(a, d.advert());
        assertEquals(Decoded.ChecksumForm.V6_PSEUDO_HEADER, d.checksumForm());
        b[9] ^= 1;
        assertInstanceOf(Rejection.ChecksumInvalid.class, VrrpCodec.decode(b, 0, b.length, ll, g6));
    }

    @Test
    void roundTripsAcrossFieldRanges() {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            int n = r.nextInt(5);
            List<InetAddress> vips = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                vips.add(addr("198.51.100." + (k + 1)));
            }
            VrrpAdvertisement a = r.nextBoolean()
                    ? VrrpAdvertisement.v3(1 + r.nextInt(255), r.nextInt(256), 1 + r.nextInt(4095), vips)
                    : VrrpAdvertisement.v2(1 + r.nextInt(255), r.nextInt(256), 1 + r.nextInt(255),
                            r.nextBoolean() ? AuthType.PASS : AuthType.NONE, "pw" + r.nextInt(999999), vips);
            V3Checksum form = r.nextBoolean() ? V3Checksum.PSEUDO_HEADER : V3Checksum.AS_V2;
            byte[] b = VrrpCodec.encode(a, SRC, GROUP, form);
            assertEquals(a, ((Decoded) VrrpCodec.decode(b, 0, b.length, SRC, GROUP)).advert());
        }
    }

    @Test
    void passwordLongerThanEightIsTruncatedLikeKeepalived() {
        VrrpAdvertisement a = VrrpAdvertisement.v2(1, 100, 1, AuthType.PASS, "secret12345", List.of(VIP));
        byte[] b = VrrpCodec.encode(a, SRC, GROUP, V3Checksum.PSEUDO_HEADER);
        assertEquals("secret12", ((Decoded) VrrpCodec.decode(b, 0, b.length, SRC, GROUP)).advert().authData());
    }

    @Test
    void typedRejectionsForStructuralFaults() {
        byte[] ok = hex("31 33 64 01 00 64 75 73 0a 00 00 64");
        assertInstanceOf(Rejection.LengthInvalid.class, VrrpCodec.decode(ok, 0, 11, SRC, GROUP));
        byte[] type = ok.clone();
        type[0] = 0x32;
        assertInstanceOf(Rejection.InvalidType.class, VrrpCodec.decode(type, 0, type.length, SRC, GROUP));
        byte[] ver = ok.clone();
        ver[0] = 0x41;
        assertInstanceOf(Rejection.VersionMismatch.class, VrrpCodec.decode(ver, 0, ver.length, SRC, GROUP));
        assertInstanceOf(Rejection.VersionMismatch.class, VrrpCodec.decode(ok, 0, ok.length, SRC, GROUP, VrrpVersion.V2));
        byte[] sum = ok.clone();
        sum[7] ^= 0x10;
        assertInstanceOf(Rejection.ChecksumInvalid.class, VrrpCodec.decode(sum, 0, sum.length, SRC, GROUP));
    }

    /** Property: no byte sequence makes the decoder or the screen throw; each answer is typed. */
    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(7);
        AdvertScreen screen = new AdvertScreen(VrrpVersion.V3, 51, AuthType.NONE, "", 100, List.of(VIP), true,
                List.of(), false, Set.of());
        int rejected = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (r.nextBoolean() ? 0x31 : 0x21); // bias towards plausible headers
            }
            if (b.length > 20 && r.nextInt(4) == 0) {
                b[0] = 0x45;
                b[9] = 112;
                b[2] = 0;
                b[3] = (byte) b.length;
            }
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            DecodeResult d = VrrpCodec.decode(b, off, b.length - off, SRC, GROUP);
            assertNotNull(d);
            if (d instanceof Rejection) {
                rejected++;
            }
            assertNotNull(screen.screenIpv4(b, b.length));
            assertNotNull(VrrpCodec.decode(b, 0, b.length + 5, SRC, GROUP)); // lying length
        }
        // almost everything random must be rejected (a random checksum matches rarely)
        assertEquals(true, rejected > 190_000, "rejected " + rejected);
    }
}

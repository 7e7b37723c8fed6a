package dev.fulcrum.vrrp.wire;

import static dev.fulcrum.vrrp.wire.VrrpCodecTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Receive validation with keepalived's lab vectors (kernel-interfaces.md §7.4) and RFC order. */
class AdvertScreenTest {
    static final InetAddress PEER = addr("10.99.0.100");
    static final InetAddress GROUP = addr("224.0.0.18");
    static final List<InetAddress> VIPS = List.of(addr("10.99.0.50"));

    AdvertScreen v3 = new AdvertScreen(VrrpVersion.V3, 51, AuthType.NONE, "", 100, VIPS, true, List.of(), false, Set.of());
    AdvertScreen v2pass = new AdvertScreen(VrrpVersion.V2, 51, AuthType.PASS, "secret12", 100, VIPS, true, List.of(),
            false, Set.of());

    Screening v3(String hex, int ttl) {
        return v3.screen(new ReceivedDatagram(PEER, GROUP, ttl, PcapFile.hex(hex)));
    }

    Screening v2(String hex) {
        return v2pass.screen(new ReceivedDatagram(PEER, GROUP, 255, PcapFile.hex(hex)));
    }

    @Test
    void keepalivedLabVectors() {
        assertEquals(200, ((Screening.Accepted) v3("31 33 c8 01 00 64 10 7c 0a 63 00 32", 255)).received().advert().priority());
        assertEquals(new Rejection.TtlInvalid(64), v3("31 33 c8 01 00 64 10 7c 0a 63 00 32", 64));
        Rejection.AddressListMismatch m = assertInstanceOf(Rejection.AddressListMismatch.class,
                v3("31 33 c8 01 00 64 10 7b 0a 63 00 33", 255));
        assertEquals(addr("10.99.0.50"), m.missing());
        assertEquals(new Rejection.VersionMismatch(2, 3), v3("21 33 c8 01 00 01 0c 35 0a 63 00 32 00 00 00 00 00 00 00 00", 255));
        assertInstanceOf(Screening.Accepted.class, v2("21 33 c8 01 01 01 9d b6 0a 63 00 32 73 65 63 72 65 74 31 32"));
        assertEquals(new Rejection.AuthFailure(), v2("21 33 c8 01 01 01 45 b2 0a 63 00 32 77 72 6f 6e 67 70 77 31"));
        assertEquals(new Rejection.AuthTypeMismatch(0, 1), v2("21 33 c8 01 00 01 0c 35 0a 63 00 32 00 00 00 00 00 00 00 00"));
    }

    @Test
    void rfcOrderTtlBeforeVersionBeforeVrid() {
        // a v2 packet with TTL 64 for another VRID: TTL is reported first
        assertEquals(new Rejection.TtlInvalid(64), v3("21 34 c8 01 00 01 0c 35 0a 63 00 32 00 00 00 00 00 00 00 00", 64));
        byte[] other = VrrpCodec.encode(VrrpAdvertisement.v3(52, 100, 100, VIPS), PEER, GROUP, V3Checksum.PSEUDO_HEADER);
        assertEquals(new Rejection.VridMismatch(52), v3.screen(new ReceivedDatagram(PEER, GROUP, 255, other)));
        // checksum is checked before VRID
        other[6] ^= 1;
        assertInstanceOf(Rejection.ChecksumInvalid.class, v3.screen(new ReceivedDatagram(PEER, GROUP, 255, other)));
    }

    @Test
    void v2IntervalMismatchIsDroppedButV3AdoptsIt() {
        AdvertScreen v2two = new AdvertScreen(VrrpVersion.V2, 51, AuthType.NONE, "", 200, VIPS, true, List.of(), false, Set.of());
        byte[] b = VrrpCodec.encode(VrrpAdvertisement.v2(51, 100, 1, AuthType.NONE, "", VIPS), PEER, GROUP, V3Checksum.PSEUDO_HEADER);
        assertEquals(new Rejection.IntervalMismatch(100, 200), v2two.screen(new ReceivedDatagram(PEER, GROUP, 255, b)));
        byte[] c = VrrpCodec.encode(VrrpAdvertisement.v3(51, 100, 200, VIPS), PEER, GROUP, V3Checksum.PSEUDO_HEADER);
        assertInstanceOf(Screening.Accepted.class, v3.screen(new ReceivedDatagram(PEER, GROUP, 255, c)));
    }

    @Test
    void unicastUsesPeerListAndTtlWindowInsteadOf255() {
        InetAddress me = addr("10.99.0.11");
        AdvertScreen uni = new AdvertScreen(VrrpVersion.V3, 51, AuthType.NONE, "", 100, VIPS, true,
                List.of(new UnicastPeer(PEER, 60, 255)), true, Set.of(me));
        byte[] b = VrrpCodec.encode(VrrpAdvertisement.v3(51, 100, 100, VIPS), PEER, me, V3Checksum.PSEUDO_HEADER);
        assertInstanceOf(Screening.Accepted.class, uni.screen(new ReceivedDatagram(PEER, me, 64, b)));
        assertEquals(new Rejection.TtlOutOfRange(10, 60, 255), uni.screen(new ReceivedDatagram(PEER, me, 10, b)));
        InetAddress stranger = addr("10.99.0.99");
        byte[] s = VrrpCodec.encode(VrrpAdvertisement.v3(51, 100, 100, VIPS), stranger, me, V3Checksum.PSEUDO_HEADER);
        assertEquals(new Rejection.NotUnicastPeer(stranger), uni.screen(new ReceivedDatagram(stranger, me, 255, s)));
    }

    @Test
    void ownerAdvertSkipsAddressCompare() {
        byte[] b = VrrpCodec.encode(VrrpAdvertisement.v3(51, 255, 100, List.of(addr("10.99.0.51"))), PEER, GROUP,
                V3Checksum.PSEUDO_HEADER);
        assertInstanceOf(Screening.Accepted.class, v3.screen(new ReceivedDatagram(PEER, GROUP, 255, b)));
    }
}

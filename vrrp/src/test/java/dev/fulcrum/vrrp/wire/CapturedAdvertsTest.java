package dev.fulcrum.vrrp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decodes every advert keepalived 2.2.7 put on the wire in the shared captures, and re-encodes it. */
class CapturedAdvertsTest {

    @ParameterizedTest
    @CsvSource({
        "vrrp-v2.pcap, 2, 11, 100, NONE, '', 1",
        "vrrp-v3.pcap, 3, 11, 100, NONE, '', 1",
        "vrrp-v2-auth.pcap, 2, 11, 100, PASS, secret12, 1",
        "vrrp-v3-adv0.1.pcap, 3, 66, 10, NONE, '', 1",
    })
    void decodesAndReencodesEveryAdvert(String file, int version, int frames, int intervalCs, AuthType auth,
                                        String password, int vipCount) throws Exception {
        List<PcapFile.Frame> all = PcapFile.read(PcapFile.vector(file));
        assertEquals(frames, all.size());
        AdvertScreen screen = new AdvertScreen(VrrpVersion.of(version), 51, auth, password, intervalCs,
                List.of(InetAddress.getByName("10.99.0.50")), true, List.of(), false, java.util.Set.of());
        List<Integer> priorities = new ArrayList<>();
        int arps = 0;
        for (PcapFile.Frame f : all) {
            if (f.etherType() == 0x0806) {
                arps++;
                continue;
            }
            byte[] ip = f.ipv4();
            Screening s = screen.screenIpv4(ip, ip.length);
            Screening.Accepted ok = assertInstanceOf(Screening.Accepted.class, s, file);
            VrrpAdvertisement a = ok.received().advert();
            assertEquals(version, a.version().number());
            assertEquals(51, a.vrid());
            assertEquals(intervalCs, a.intervalCentis());
            assertEquals(auth, a.authType());
            assertEquals(password, a.authData());
            assertEquals(List.of(InetAddress.getByName("10.99.0.50")), a.addresses());
            assertEquals(version == 2 ? Decoded.ChecksumForm.V2_MESSAGE : Decoded.ChecksumForm.V3_PSEUDO_HEADER,
                    ok.checksumForm());
            priorities.add(a.priority());
            // re-encoding with keepalived's defaults gives the captured bytes
            ReceivedDatagram d = (ReceivedDatagram) Ipv4Header.parse(ip, ip.length);
            byte[] again = VrrpCodec.encode(a, d.source(), d.destination(), V3Checksum.PSEUDO_HEADER);
            assertArrayEquals(d.payload(), again);
            // and the whole IP packet, given keepalived's header choices
            int id = ((ip[4] & 0xff) << 8) | (ip[5] & 0xff);
            assertArrayEquals(ip, Ipv4Header.wrap((Inet4Address) d.source(), (Inet4Address) d.destination(), id, 255,
                    0xc0, again));
        }
        assertEquals(5, arps);
        // the sequence: lb1 at 150, its priority-0 resignation, then lb2 at 100
        int zero = priorities.indexOf(0);
        assertEquals(150, priorities.get(0));
        assertEquals(100, priorities.get(zero + 1));
        assertEquals(List.of(0), priorities.stream().filter(p -> p == 0).toList());
    }
}

package dev.fulcrum.ipvs.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceFlag;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.Tunnel;
import dev.fulcrum.net.netlink.NetlinkMessage;
import dev.fulcrum.net.netlink.NetlinkMessageBuilder;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpvsCodecTest {
    final IpvsCodec codec = new IpvsCodec(0x1c);

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static byte[] seq(byte[] m, int seq) {
        ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).putInt(8, seq);
        return m;
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void newServiceMatchesTheReferenceEncoding() throws Exception {
        Service s = Service.of(ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80), "rr");
        byte[] got = seq(codec.encode(new IpvsOperation.AddService(s)).message(), 1);
        assertArrayEquals(hex("""
                68000000 1c00 0500 01000000 00000000 01010000
                54000180 06000100 02000000 06000200 06000000
                14000300 0a000001 00000000 00000000 00000000
                06000400 00500000 07000600 72720000
                0c000700 00000000 ffffffff 08000800 00000000 08000900 ffffffff"""), got);
    }

    @Test
    void newDestMatchesTheReferenceEncoding() throws Exception {
        ServiceKey k = ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80);
        Destination d = Destination.of(ip("192.168.10.11"), 80, ForwardMethod.MASQ, 1);
        byte[] got = seq(codec.encode(new IpvsOperation.AddDestination(k, d)).message(), 2);
        assertArrayEquals(hex("""
                8c000000 1c00 0500 02000000 00000000 05010000
                30000180 06000100 02000000 06000200 06000000
                14000300 0a000001 00000000 00000000 00000000 06000400 00500000
                48000280 14000100 c0a80a0b 00000000 00000000 00000000
                06000200 00500000 08000300 00000000 08000400 01000000
                08000500 00000000 08000600 00000000 06000b00 02000000"""), got);
    }

    @Test
    void newDaemonMatchesTheReferenceEncoding() throws Exception {
        SyncDaemon d = new SyncDaemon(SyncDaemon.Role.MASTER, "eth1", 51, 1472, Optional.of(ip("224.0.0.81")), 8848, 1);
        byte[] got = seq(codec.startDaemon(d).message(), 3);
        assertArrayEquals(hex("""
                54000000 1c00 0500 03000000 00000000 09010000 40000380
                08000100 01000000 09000200 65746831 00000000 08000300 33000000
                06000400 c0050000 08000500 e0000051 06000700 90220000 05000800 01000000"""), got);
    }

    /** Builds a kernel-style reply: nests without NLA_F_NESTED, 16-byte addresses, HASHED set. */
    static NetlinkMessage serviceReply(int af, ServiceKey key, String sched, int flags, int timeout, int netmaskAttr, boolean v6mask) {
        NetlinkMessageBuilder b = NetlinkMessageBuilder.generic(0x1c, 2, 1, 1);
        // hand-made nest without the NESTED bit, as the kernel sends
        byte[] inner;
        NetlinkMessageBuilder n = new NetlinkMessageBuilder(0, 0).putU16(1, af);
        if (key instanceof ServiceKey.FwmarkKey f) {
            n.putU32(5, f.mark());
        } else {
            ServiceKey.AddressKey a = (ServiceKey.AddressKey) key;
            n.putU16(2, a.protocol().number()).putBytes(3, java.util.Arrays.copyOf(a.address().getAddress(), 16)).putU16Be(4, a.port());
        }
        n.putString(6, sched)
                .putBytes(7, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(flags | 2).putInt(-1).array())
                .putU32(8, timeout);
        if (v6mask) {
            n.putU32(9, netmaskAttr);
        } else {
            n.putU32Be(9, netmaskAttr);
        }
        n.beginNested(12).putU64(1, 5_000_000_000L).putU64(4, 1L << 33).endNested();
        byte[] all = n.bytes();
        inner = java.util.Arrays.copyOfRange(all, 16, all.length);
        b.putBytes(1, inner);
        byte[] m = b.bytes();
        return NetlinkMessage.parseAll(m, m.length).get(0);
    }

    @Test
    void decodesPersistentIpv4ServiceWithFlagsAndStats64() throws Exception {
        ServiceKey k = ServiceKey.of(Protocol.UDP, ip("192.0.2.1"), 53);
        ServiceEntry e = IpvsCodec.decodeService(serviceReply(2, k, "sh", 0x1 | 0x8 | 0x10, 300, 0xffffff00, false));
        assertEquals(k, e.key());
        assertEquals("sh", e.service().scheduler());
        assertEquals(EnumSet.of(ServiceFlag.SCHED1, ServiceFlag.SCHED2), e.service().flags());
        assertEquals(Optional.of(new Persistence(300, 24)), e.service().persistence());
        assertEquals(5_000_000_000L, e.stats().connections());
        assertEquals(1L << 33, e.stats().inBytes());
    }

    @Test
    void decodesIpv6AndFwmarkServicesAndRoundTripsTheirRequests() throws Exception {
        ServiceKey k6 = ServiceKey.of(Protocol.TCP, ip("2001:db8::10"), 443);
        ServiceEntry e6 = IpvsCodec.decodeService(serviceReply(10, k6, "mh", 0x1, 60, 64, true));
        assertEquals(k6, e6.key());
        assertEquals(Optional.of(new Persistence(60, 64)), e6.service().persistence());
        ServiceKey fw = ServiceKey.fwmark(7, AddressFamily.INET6);
        ServiceEntry ef = IpvsCodec.decodeService(serviceReply(10, fw, "wlc", 0, 0, 128, true));
        assertEquals(fw, ef.key());
        assertEquals(Optional.empty(), ef.service().persistence());
        assertTrue(ef.service().flags().isEmpty(), "HASHED is not a desired flag");
        // our own request for the same service decodes to the same model (the kernel's parse policy is liberal)
        Service want = Service.of(k6, "mh").withPersistence(new Persistence(60, 64)).withFlags(Set.of(ServiceFlag.MH_PORT))
                .withPersistenceEngine("sip");
        byte[] req = codec.encode(new IpvsOperation.AddService(want)).message();
        ServiceEntry back = IpvsCodec.decodeService(NetlinkMessage.parseAll(req, req.length).get(0));
        assertEquals(want, back.service());
    }

    @Test
    void destinationWithTunnelOptionsRoundTrips() throws Exception {
        ServiceKey k = ServiceKey.of(Protocol.TCP, ip("192.0.2.1"), 80);
        Destination d = new Destination(ip("2001:db8::5"), 80, ForwardMethod.TUNNEL, 70000, 100, 10,
                new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.REMCSUM));
        byte[] req = codec.encode(new IpvsOperation.AddDestination(k, d)).message();
        DestinationEntry back = IpvsCodec.decodeDestination(NetlinkMessage.parseAll(req, req.length).get(0), AddressFamily.INET);
        assertEquals(d, back.destination());
        assertEquals(70000, back.destination().weight(), "weight is 32-bit");
    }

    @Test
    void ipv4PersistenceNetmaskIsBigEndianMaskAndIpv6IsPrefixLength() throws Exception {
        Service s4 = Service.of(ServiceKey.of(Protocol.TCP, ip("192.0.2.1"), 0), "rr").withPersistence(new Persistence(360, 24));
        byte[] m4 = codec.encode(new IpvsOperation.AddService(s4)).message();
        assertTrue(HexFormat.of().formatHex(m4).contains("08000900ffffff00"), HexFormat.of().formatHex(m4));
        assertTrue(HexFormat.of().formatHex(m4).contains("0c00070001000000ffffffff"), "PERSISTENT flag");
        Service s6 = Service.of(ServiceKey.of(Protocol.TCP, ip("2001:db8::1"), 80), "rr").withPersistence(new Persistence(360, 64));
        byte[] m6 = codec.encode(new IpvsOperation.AddService(s6)).message();
        assertTrue(HexFormat.of().formatHex(m6).contains("0800090040000000"), HexFormat.of().formatHex(m6));
    }
}

package dev.fulcrum.net.icmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IcmpFamilyTest {
    static final boolean LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    @Test
    void checksumOfAKnownEchoRequest() {
        // type 8, code 0, id 0x1234, seq 1, payload "ab": sum of words 0x0800+0x1234+0x0001+0x6162 = 0x7b97
        byte[] p = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'a', 'b'};
        assertEquals(0xffff - 0x7b97, IcmpFamily.checksum(p));
        p[2] = (byte) (0x8468 >> 8);
        p[3] = (byte) 0x8468;
        assertEquals(0, IcmpFamily.checksum(p), "a packet carrying its checksum sums to zero");
    }

    @Test
    void ipv4EchoRequestCarriesItsChecksum() {
        byte[] p = IcmpFamily.IPV4.echoRequest(0x1234, 1, new byte[] {'a', 'b'});
        assertArrayEquals(new byte[] {8, 0, (byte) 0x84, 0x68, 0x12, 0x34, 0, 1, 'a', 'b'}, p);
    }

    @Test
    void ipv6EchoRequestIsType128AndLeavesTheChecksumToTheKernel() {
        byte[] p = IcmpFamily.IPV6.echoRequest(0xbeef, 0x0102, new byte[] {9});
        assertArrayEquals(new byte[] {(byte) 128, 0, 0, 0, (byte) 0xbe, (byte) 0xef, 1, 2, 9}, p);
    }

    @Test
    void familyConstants() {
        assertEquals(2, IcmpFamily.IPV4.domain());
        assertEquals(1, IcmpFamily.IPV4.protocol());
        assertEquals(10, IcmpFamily.IPV6.domain());
        assertEquals(58, IcmpFamily.IPV6.protocol());
        assertEquals(129, IcmpFamily.IPV6.echoReplyType());
        assertEquals(0, IcmpFamily.IPV4.echoReplyType());
    }

    @Test
    void familyOfAnAddress() throws Exception {
        assertEquals(IcmpFamily.IPV4, IcmpFamily.of(InetAddress.getByName("192.0.2.1")));
        assertEquals(IcmpFamily.IPV6, IcmpFamily.of(InetAddress.getByName("2001:db8::1")));
        assertEquals(IcmpFamily.IPV4, IcmpFamily.of(InetAddress.getByName("::ffff:192.0.2.1")), "the JDK maps it to IPv4");
    }

    @Test
    void sockaddrIn6Layout() throws Exception {
        assumeLittleEndian();
        Inet6Address ll = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1:2").getAddress(), 0x01020304);
        byte[] s = IcmpFamily.IPV6.sockaddr(ll);
        assertEquals(28, s.length);
        byte[] want = new byte[28];
        want[0] = 10; // sin6_family AF_INET6, host order
        // sin6_port 0 (2..3), sin6_flowinfo 0 (4..7)
        want[8] = (byte) 0xfe;
        want[9] = (byte) 0x80;
        want[21] = 1;
        want[23] = 2;
        want[24] = 4; // sin6_scope_id 0x01020304, host order
        want[25] = 3;
        want[26] = 2;
        want[27] = 1;
        assertArrayEquals(want, s);
        byte[] global = IcmpFamily.IPV6.sockaddr(InetAddress.getByName("2001:db8::5"));
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(global, 24, 28), "no scope id for a global address");
    }

    @Test
    void sockaddrInLayout() throws Exception {
        assumeLittleEndian();
        byte[] s = IcmpFamily.IPV4.sockaddr(InetAddress.getByName("192.0.2.7"));
        assertArrayEquals(new byte[] {2, 0, 0, 0, (byte) 192, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0}, s);
    }

    @Test
    void aSocketRefusesTheOtherFamily() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> IcmpFamily.IPV4.sockaddr(InetAddress.getByName("2001:db8::1")));
        assertThrows(IllegalArgumentException.class, () -> IcmpFamily.IPV6.sockaddr(InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void sockaddrIn6RoundTripsWithTheScopeId() throws Exception {
        Inet6Address ll = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::9").getAddress(), 7);
        InetAddress back = IcmpFamily.IPV6.address(IcmpFamily.IPV6.sockaddr(ll));
        assertEquals(ll, back);
        assertEquals(7, ((Inet6Address) back).getScopeId());
        InetAddress mapped = IcmpFamily.IPV6.address(IcmpFamily.IPV6.sockaddr(
                Inet6Address.getByAddress(null, InetAddress.getByName("2001:db8::9").getAddress(), -1)));
        assertTrue(mapped instanceof Inet6Address);
        assertEquals(InetAddress.getByName("2001:db8::9"), mapped);
    }

    @Test
    void ipv6ReplyHasNoIpHeaderEvenOnARawSocket() throws Exception {
        byte[] from = IcmpFamily.IPV6.sockaddr(InetAddress.getByName("2001:db8::2"));
        byte[] reply = {(byte) 129, 0, 0x12, 0x34, 0x00, 0x2a, 0x01, 0x00, 'x'};
        for (boolean raw : new boolean[] {false, true}) {
            Optional<IcmpEchoSocket.EchoReply> r = IcmpFamily.IPV6.decodeReply(reply, reply.length, raw, from);
            assertEquals(Optional.of(new IcmpEchoSocket.EchoReply(InetAddress.getByName("2001:db8::2"), 42, 256)), r);
        }
        byte[] request = {(byte) 128, 0, 0, 0, 0, 42, 1, 0};
        assertEquals(Optional.empty(), IcmpFamily.IPV6.decodeReply(request, request.length, true, from), "our own request on loopback");
        byte[] ipv4Reply = {0, 0, 0, 0, 0, 42, 1, 0};
        assertEquals(Optional.empty(), IcmpFamily.IPV6.decodeReply(ipv4Reply, ipv4Reply.length, false, from), "type 0 is no ICMPv6 reply");
        assertEquals(Optional.empty(), IcmpFamily.IPV6.decodeReply(reply, 7, false, from), "truncated");
    }

    @Test
    void ipv4ReplyOnARawSocketSkipsTheIpHeaderWithItsOptions() throws Exception {
        byte[] from = IcmpFamily.IPV4.sockaddr(InetAddress.getByName("192.0.2.9"));
        byte[] icmp = {0, 0, 0, 0, 0x12, 0x34, 0, 5};
        byte[] pkt = new byte[24 + icmp.length];
        pkt[0] = 0x46; // version 4, IHL 6 words: one word of options
        System.arraycopy(icmp, 0, pkt, 24, icmp.length);
        IcmpEchoSocket.EchoReply want = new IcmpEchoSocket.EchoReply(InetAddress.getByName("192.0.2.9"), 0x1234, 5);
        assertEquals(Optional.of(want), IcmpFamily.IPV4.decodeReply(pkt, pkt.length, true, from));
        assertEquals(Optional.of(want), IcmpFamily.IPV4.decodeReply(icmp, icmp.length, false, from), "a ping socket has no IP header");
        assertEquals(Optional.empty(), IcmpFamily.IPV4.decodeReply(icmp, icmp.length, true, from), "too short for an IP header");
        byte[] unreachable = pkt.clone();
        unreachable[24] = 3;
        assertEquals(Optional.empty(), IcmpFamily.IPV4.decodeReply(unreachable, unreachable.length, true, from));
    }

    static void assumeLittleEndian() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE, "host-order fields written out for a little-endian host");
    }
}

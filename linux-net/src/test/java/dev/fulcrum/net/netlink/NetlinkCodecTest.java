package dev.fulcrum.net.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlinkCodecTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static byte[] withSeq(byte[] msg, int seq) {
        ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder()).putInt(8, seq);
        return msg;
    }

    @Test
    void getFamilyRequestMatchesTheReferenceBytes() {
        byte[] got = withSeq(GenericNetlinkFamily.request("IPVS").message(), 1);
        assertArrayEquals(hex("20000000 1000 0500 01000000 00000000 03010000 0900 0200 49505653 00000000"), got);
    }

    @Test
    void nestedAttributesRoundTripAndNestFlagIsIgnoredOnRead() {
        byte[] msg = NetlinkMessageBuilder.generic(0x1c, 5, 1, 1)
                .beginNested(1).putU16(1, 2).putU16Be(4, 80).beginNested(9).putU64(1, 1L << 40).endNested().endNested()
                .putString(6, "wlc").putU32Be(9, 0xffffff00).putU8(13, 7).putFlag(14)
                .bytes();
        assertEquals(msg.length, ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder()).getInt(0));
        assertEquals(0, msg.length % 4);
        List<NetlinkMessage> parsed = NetlinkMessage.parseAll(msg, msg.length);
        assertEquals(1, parsed.size());
        NetlinkMessage m = parsed.get(0);
        assertEquals(0x1c, m.type());
        assertEquals(1, m.genlCommand());
        NetlinkAttributes top = m.attributes(Netlink.GENL_HDRLEN);
        NetlinkAttributes svc = top.nested(1);
        assertEquals(2, svc.u16(1));
        assertEquals(80, svc.u16Be(4));
        assertEquals(1L << 40, svc.nested(9).u64(1));
        assertEquals("wlc", top.string(6));
        assertEquals(0xffffff00, top.u32Be(9));
        assertEquals(7, top.u8(13));
        assertTrue(top.has(14));
        assertFalse(top.has(15));
        assertEquals(-1, top.u32(15, -1));
        // the port is big-endian on the wire: 00 50
        int portAttr = indexOf(msg, hex("06000400"));
        assertEquals(0x00, msg[portAttr + 4]);
        assertEquals(0x50, msg[portAttr + 5]);
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void severalMessagesInOneDatagramAreSplit() {
        byte[] a = new NetlinkMessageBuilder(20, 5).putU32(1, 7).bytes();
        byte[] b = new NetlinkMessageBuilder(21, 5).putString(3, "x").bytes();
        ByteBuffer d = ByteBuffer.allocate(a.length + b.length);
        d.put(a).put(b).flip();
        List<NetlinkMessage> ms = NetlinkMessage.parseAll(d);
        assertEquals(List.of(20, 21), ms.stream().map(NetlinkMessage::type).toList());
        assertEquals(7, ms.get(0).attributes(0).u32(1));
        assertEquals("x", ms.get(1).attributes(0).string(3));
    }

    @Test
    void errorMessageCarriesErrnoAndExtendedAckText() {
        // NLMSG_ERROR, capped + ack TLVs: error -17, original header, MSG "exists"
        ByteBuffer p = ByteBuffer.allocate(16 + 4 + 16 + 12).order(ByteOrder.nativeOrder());
        p.putInt(48).putShort((short) 2).putShort((short) (Netlink.NLM_F_CAPPED | Netlink.NLM_F_ACK_TLVS)).putInt(9).putInt(0);
        p.putInt(-17);
        p.putInt(36).putShort((short) 0x1c).putShort((short) 5).putInt(9).putInt(0);
        p.putShort((short) 11).putShort((short) 1).put("exists\0".getBytes()).put((byte) 0);
        NetlinkMessage m = NetlinkMessage.parseAll(p.array(), 48).get(0);
        assertTrue(m.isError());
        assertEquals(-17, m.error());
        assertEquals("exists", m.extendedAckMessage());
        NetlinkException e = new NetlinkReply(new NetlinkRequest(new byte[16], "add service", "TCP 10.0.0.1:80"), 17, m.extendedAckMessage(), List.of()).exception();
        assertEquals("EEXIST", e.errnoName());
        assertEquals("add service TCP 10.0.0.1:80: EEXIST (exists)", e.getMessage());
    }

    @Test
    void errnoNamesAreSymbolic() {
        assertEquals("ENOENT", Errno.name(2));
        assertEquals("ESRCH", Errno.name(-3));
        assertEquals("EEXIST", Errno.name(17));
        assertEquals("ERANGE", Errno.name(34));
        assertEquals("EOPNOTSUPP", Errno.name(95));
        assertEquals("EADDRNOTAVAIL", Errno.name(99));
        assertEquals("ENOBUFS", Errno.name(105));
        assertEquals("E4000", Errno.name(4000));
    }

    @Test
    void malformedInputIsRejectedNotSkipped() {
        byte[] bad = new NetlinkMessageBuilder(20, 5).putU32(1, 7).bytes();
        ByteBuffer.wrap(bad).order(ByteOrder.nativeOrder()).putInt(0, 400);
        assertThrows(IllegalArgumentException.class, () -> NetlinkMessage.parseAll(bad, bad.length));
        assertThrows(IllegalStateException.class, () -> new NetlinkMessageBuilder(1, 1).beginNested(1).bytes());
    }
}

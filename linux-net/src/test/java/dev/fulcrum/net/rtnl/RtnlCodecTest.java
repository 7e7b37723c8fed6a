package dev.fulcrum.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.net.netlink.NetlinkMessage;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtnlCodecTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    @Test
    void addAddressWithLabelMatchesIproute2Bytes() throws Exception {
        AddressRequest r = new AddressRequest(2, InetAddress.getByName("10.0.0.100"), 32, "eth0:vip", 0, null, false);
        byte[] got = RtnlCodec.addAddress(r, false).message();
        ByteBuffer.wrap(got).order(ByteOrder.nativeOrder()).putInt(8, 7);
        assertArrayEquals(hex("38000000 1400 0506 07000000 00000000 02200000 02000000"
                + "08000200 0a000064 08000100 0a000064 0d000300 657468303a766970 00000000"), got);
    }

    @Test
    void ipv6VipGetsNodadAndNoPrefixRouteGoesInIfaFlags() throws Exception {
        AddressRequest r = new AddressRequest(3, InetAddress.getByName("2001:db8::1"), 128, null, 0, null, true);
        byte[] got = RtnlCodec.addAddress(r, true).message();
        ByteBuffer b = ByteBuffer.wrap(got).order(ByteOrder.nativeOrder());
        assertEquals(0x0505, b.getShort(6) & 0xFFFF, "CREATE|REPLACE|ACK|REQUEST");
        assertEquals(10, got[16]);
        assertEquals(128, got[17] & 0xFF);
        assertEquals(0x02, got[18], "NODAD in the legacy 8-bit flags");
        NetlinkMessage m = NetlinkMessage.parseAll(got, got.length).get(0);
        assertEquals(0x202, m.attributes(Rtnl.IFADDRMSG_LEN).u32(Rtnl.IFA_FLAGS));
        InterfaceAddress back = RtnlCodec.decodeAddress(m);
        assertEquals(InetAddress.getByName("2001:db8::1"), back.address());
        assertEquals(3, back.ifindex());
        assertEquals(0x202, back.flags());
    }

    @Test
    void deleteCarriesOnlyIdentity() throws Exception {
        AddressRequest r = new AddressRequest(4, InetAddress.getByName("192.0.2.7"), 24, "x", 0, InetAddress.getByName("192.0.2.255"), false);
        byte[] got = RtnlCodec.deleteAddress(r).message();
        assertEquals(16 + 8 + 8 + 8, got.length);
        assertEquals(21, got[4]);
        assertEquals(24, got[17]);
    }

    @Test
    void requestValidation() throws Exception {
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        assertThrows(IllegalArgumentException.class, () -> new AddressRequest(1, v4, 33, null, 0, null, false));
        assertThrows(IllegalArgumentException.class, () -> new AddressRequest(0, v4, 32, null, 0, null, false));
        assertThrows(IllegalArgumentException.class, () -> new AddressRequest(1, v4, 32, "0123456789abcdef", 0, null, false));
        assertTrue(AddressRequest.vip(1, v4).toString().contains("192.0.2.1/32"));
    }
}

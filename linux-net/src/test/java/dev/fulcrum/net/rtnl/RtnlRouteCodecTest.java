package dev.fulcrum.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fulcrum.net.netlink.NetlinkAttributes;
import dev.fulcrum.net.netlink.NetlinkMessage;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtnlRouteCodecTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void addRouteViaGatewayInATableHasTheIproute2Layout() throws Exception {
        // ip route add 198.51.100.0/24 via 192.0.2.1 table 100
        RouteRequest r = new RouteRequest(Rtnl.AF_INET, ip("198.51.100.0"), 24, null, 0, ip("192.0.2.1"), 0, null, 100, -1,
                Rtnl.RTPROT_BOOT, Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST, false);
        byte[] got = RtnlCodec.addRoute(r, false).message();
        ByteBuffer.wrap(got).order(ByteOrder.nativeOrder()).putInt(8, 7);
        assertArrayEquals(hex("34000000 1800 0506 07000000 00000000"
                + "02 18 00 00 64 03 00 01 00000000"
                + "08000100 c6336400 08000500 c0000201 08000f00 64000000"), got);
    }

    @Test
    void deleteRouteLeavesScopeProtocolAndUnicastTypeToTheKernel() throws Exception {
        RouteRequest r = new RouteRequest(Rtnl.AF_INET, ip("192.0.2.0"), 24, null, 0, null, 3, ip("10.0.0.50"), 254, 7,
                Rtnl.RTPROT_BOOT, Rtnl.RT_SCOPE_LINK, Rtnl.RTN_UNICAST, false);
        byte[] got = RtnlCodec.deleteRoute(r).message();
        ByteBuffer b = ByteBuffer.wrap(got).order(ByteOrder.nativeOrder());
        assertEquals(Rtnl.RTM_DELROUTE, b.getShort(4));
        assertEquals(0x5, b.getShort(6), "REQUEST|ACK only");
        assertEquals(0, got[16 + 5], "protocol unspecified");
        assertEquals((byte) 255, got[16 + 6], "scope NOWHERE matches any");
        assertEquals(0, got[16 + 7], "type unspecified");
        NetlinkAttributes a = NetlinkMessage.parseAll(got, got.length).get(0).attributes(Rtnl.RTMSG_LEN);
        assertEquals(3, a.u32(Rtnl.RTA_OIF));
        assertEquals(7, a.u32(Rtnl.RTA_PRIORITY));
        assertArrayEquals(ip("10.0.0.50").getAddress(), a.bytes(Rtnl.RTA_PREFSRC));
    }

    @Test
    void blackholeKeepsItsTypeOnDeleteAndLargeTablesGoInRtaTable() throws Exception {
        RouteRequest r = new RouteRequest(Rtnl.AF_INET6, null, 0, null, 0, null, 0, null, 1000, -1,
                Rtnl.RTPROT_BOOT, Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_BLACKHOLE, false);
        byte[] add = RtnlCodec.addRoute(r, true).message();
        assertEquals(10, add[16]);
        assertEquals((byte) Rtnl.RT_TABLE_COMPAT, add[16 + 4]);
        assertEquals(Rtnl.RTN_BLACKHOLE, RtnlCodec.deleteRoute(r).message()[16 + 7]);
        NetlinkAttributes a = NetlinkMessage.parseAll(add, add.length).get(0).attributes(Rtnl.RTMSG_LEN);
        assertEquals(1000, a.u32(Rtnl.RTA_TABLE));
        assertEquals(false, a.has(Rtnl.RTA_DST), "the default route has no RTA_DST");
    }

    @Test
    void addRuleFromAddressLookupTableHasTheIproute2Layout() throws Exception {
        // ip rule add from 10.0.0.50 table 100 priority 100
        RuleRequest r = new RuleRequest(Rtnl.AF_INET, ip("10.0.0.50"), 32, null, 0, null, null, -1, -1, 100, 100,
                Rtnl.FR_ACT_TO_TBL, -1, -1, false, 0);
        byte[] got = RtnlCodec.addRule(r).message();
        ByteBuffer.wrap(got).order(ByteOrder.nativeOrder()).putInt(8, 7);
        assertArrayEquals(hex("34000000 2000 0506 07000000 00000000"
                + "02 00 20 00 64 00 00 01 00000000"
                + "08000200 0a000032 08000600 64000000 08000f00 64000000"), got);
    }

    @Test
    void invertedFwmarkRuleCarriesFlagMarkMaskAndNames() throws Exception {
        RuleRequest r = new RuleRequest(Rtnl.AF_INET, null, 0, ip("10.0.0.0"), 8, "eth0", "eth1", 0x10, 0xff, 0, -1,
                Rtnl.FR_ACT_BLACKHOLE, -1, -1, true, 0);
        byte[] got = RtnlCodec.deleteRule(r).message();
        assertEquals(Rtnl.RTM_DELRULE, got[4]);
        assertEquals(Rtnl.FIB_RULE_INVERT, ByteBuffer.wrap(got).order(ByteOrder.nativeOrder()).getInt(16 + 8));
        assertEquals(8, got[16 + 1], "dst_len");
        assertEquals(Rtnl.FR_ACT_BLACKHOLE, got[16 + 7]);
        NetlinkAttributes a = NetlinkMessage.parseAll(got, got.length).get(0).attributes(Rtnl.FIB_RULE_HDR_LEN);
        assertEquals(0x10, a.u32(Rtnl.FRA_FWMARK));
        assertEquals(0xff, a.u32(Rtnl.FRA_FWMASK));
        assertEquals("eth0", a.string(Rtnl.FRA_IIFNAME));
        assertEquals("eth1", a.string(Rtnl.FRA_OIFNAME));
        assertEquals(false, a.has(Rtnl.FRA_TABLE));
    }

    @Test
    void refusesMixedFamiliesAndLookupWithoutTable() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new RouteRequest(Rtnl.AF_INET, ip("10.0.0.0"), 8, null, 0,
                ip("2001:db8::1"), 0, null, 254, -1, 3, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new RuleRequest(Rtnl.AF_INET, null, 0, null, 0, null, null,
                -1, -1, 0, -1, Rtnl.FR_ACT_TO_TBL, -1, -1, false, 0));
    }

    @Test
    void macvlanIsCreatedDownWithParentMacAndNestedPrivateMode() {
        byte[] mac = {0, 0, 0x5e, 0, 1, 0x33};
        byte[] got = RtnlCodec.addMacvlan("vrrp.51", 2, mac, Rtnl.MACVLAN_MODE_PRIVATE).message();
        ByteBuffer b = ByteBuffer.wrap(got).order(ByteOrder.nativeOrder());
        assertEquals(Rtnl.RTM_NEWLINK, b.getShort(4));
        assertEquals(0x605, b.getShort(6), "REQUEST|ACK|CREATE|EXCL");
        assertEquals(0, b.getInt(16 + 8), "ifi_flags: created down");
        NetlinkMessage m = NetlinkMessage.parseAll(got, got.length).get(0);
        NetlinkAttributes a = m.attributes(Rtnl.IFINFOMSG_LEN);
        assertEquals(2, a.u32(Rtnl.IFLA_LINK));
        assertEquals("vrrp.51", a.string(Rtnl.IFLA_IFNAME));
        assertArrayEquals(mac, a.bytes(Rtnl.IFLA_ADDRESS));
        NetlinkAttributes info = a.nested(Rtnl.IFLA_LINKINFO);
        assertEquals("macvlan", info.string(Rtnl.IFLA_INFO_KIND));
        assertEquals(Rtnl.MACVLAN_MODE_PRIVATE, info.nested(Rtnl.IFLA_INFO_DATA).u32(Rtnl.IFLA_MACVLAN_MODE));
        byte[] up = RtnlCodec.setLinkUp(9, true).message();
        ByteBuffer u = ByteBuffer.wrap(up).order(ByteOrder.nativeOrder());
        assertEquals(9, u.getInt(16 + 4));
        assertEquals(Rtnl.IFF_UP, u.getInt(16 + 8));
        assertEquals(Rtnl.IFF_UP, u.getInt(16 + 12), "ifi_change");
    }
}

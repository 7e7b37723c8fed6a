package dev.fulcrum.vrrp.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class VirtualRoutingTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void routeWithSourceGatewayDevTableAndMetric() throws Exception {
        VirtualRoute r = VirtualRoute.parse("src 192.168.100.1 to 192.168.109.0/24 via 192.168.200.254 dev eth1 table 100 metric 5");
        assertTrue(r.ipv4());
        assertEquals(ip("192.168.109.0"), r.destination());
        assertEquals(24, r.prefixLength());
        assertEquals(ip("192.168.200.254"), r.gateway());
        assertEquals(ip("192.168.100.1"), r.prefSrc());
        assertEquals("eth1", r.dev());
        assertEquals(100, r.table());
        assertEquals(5, r.metric());
        assertEquals(0, r.effectiveScope(), "universe with a gateway");
        assertEquals(1, r.type());
    }

    @Test
    void deviceRouteGetsLinkScopeAndTypesAndDefaultsParse() throws Exception {
        VirtualRoute dev = VirtualRoute.parse("192.168.102.0/24 dev eth1 table main");
        assertEquals(253, dev.effectiveScope());
        assertEquals(254, dev.table());
        VirtualRoute bh = VirtualRoute.parse("blackhole 192.168.101.0/24 no_track");
        assertEquals(6, bh.type());
        assertEquals(0, bh.effectiveScope());
        VirtualRoute def = VirtualRoute.parse("default via 2001:db8::1 dev eth0 onlink");
        assertNull(def.destination());
        assertFalse(def.ipv4());
        assertTrue(def.onlink());
        VirtualRoute host = VirtualRoute.parse("10.1.2.3 dev lo scope host proto static");
        assertEquals(32, host.prefixLength());
        assertEquals(254, host.effectiveScope());
        assertEquals(4, host.protocol());
    }

    @Test
    void routeErrorsNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VirtualRoute.parse("10.0.0.0/8 via 10.0.0.1 mtu 1400"));
        assertTrue(e.getMessage().contains("unsupported route option 'mtu'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VirtualRoute.parse("via 10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> VirtualRoute.parse("10.0.0.0/33 dev eth0"));
        assertThrows(IllegalArgumentException.class, () -> VirtualRoute.parse("10.0.0.0/8 table mytable"));
    }

    @Test
    void rules() throws Exception {
        VirtualRule r = VirtualRule.parse("from 192.168.28.0/24 table 1 priority 100");
        assertTrue(r.ipv4());
        assertEquals(ip("192.168.28.0"), r.source());
        assertEquals(24, r.sourceLength());
        assertEquals(1, r.table());
        assertEquals(1, r.action());
        assertEquals(100, r.priority());
        VirtualRule n = VirtualRule.parse("not to 2001:db8::/32 iif eth0 fwmark 0x10/0xff lookup 7 pref 5");
        assertFalse(n.ipv4());
        assertTrue(n.invert());
        assertEquals(0x10, n.fwmark());
        assertEquals(0xff, n.fwmask());
        assertEquals("eth0", n.iif());
        VirtualRule plain = VirtualRule.parse("from all iif eth2");
        assertEquals(254, plain.table(), "ip rule's default is lookup main");
        assertNull(plain.source());
        VirtualRule bh = VirtualRule.parse("to 10.0.0.0/8 blackhole");
        assertEquals(6, bh.action());
        assertEquals(0, bh.table());
        assertThrows(IllegalArgumentException.class, () -> VirtualRule.parse("from 10.0.0.1 realms 3"));
    }
}

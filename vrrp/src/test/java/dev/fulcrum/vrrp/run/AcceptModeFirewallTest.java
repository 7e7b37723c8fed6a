package dev.fulcrum.vrrp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptModeFirewallTest {
    @Test
    void oneTransactionReplacesTheTableWithBothFamiliesDeduplicated() throws Exception {
        String s = AcceptModeFirewall.script(List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("2001:db8::1"),
                InetAddress.getByName("10.0.0.2"), InetAddress.getByName("10.0.0.1")));
        assertTrue(s.startsWith("table inet fulcrum_vrrp\ndelete table inet fulcrum_vrrp\ntable inet fulcrum_vrrp {\n"), s);
        assertTrue(s.contains("type ipv4_addr\n    elements = { 10.0.0.1, 10.0.0.2 }\n"), s);
        assertTrue(s.contains("type ipv6_addr\n    elements = { 2001:db8:0:0:0:0:0:1 }\n"), s);
        assertTrue(s.contains("type filter hook input priority -1; policy accept;"), s);
        assertTrue(s.indexOf("nd-neighbor-solicit") < s.indexOf("ip6 daddr @vips6 drop"), "ND passes before the drop");
    }

    @Test
    void anEmptyFamilyHasAnEmptySet() throws Exception {
        String s = AcceptModeFirewall.script(List.of(InetAddress.getByName("10.0.0.1")));
        assertEquals(1, s.split("elements", -1).length - 1, s);
    }
}

package dev.fulcrum.conf;

import dev.fulcrum.conf.model.Checker;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.conf.model.VrrpInstance;
import dev.fulcrum.conf.model.VsgEntry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-director example of the project reference (keepalived-config.md section 17), checked against
 * its "what the example resolves to" table for both config-ids.
 */
class ReferenceExampleTest {
    private static KeepalivedConfig load(String id) throws Exception {
        Path file = Path.of(ReferenceExampleTest.class.getResource("/reference/two-director-example.conf").toURI());
        ConfResult r = KeepalivedConf.load(file, new LoadOptions(id, java.util.Map.of(), 1));
        assertEquals(List.of("warning: unknown keyword 'json_version'; did you mean vrrp_version?",
                        "warning: config files missing '/etc/keepalived/conf.d/*.conf' (include matched no file)"),
                ConfText.messages(r), "only the newer keyword and the missing include glob, as keepalived reports");
        assertEquals(54, r.diagnostics().get(0).pos().line());
        assertEquals(286, r.diagnostics().get(1).pos().line());
        return r.config().orElseThrow();
    }

    @Test
    void lb1() throws Exception {
        KeepalivedConfig c = load("lb1");
        assertEquals("lb1", c.globalDefs().routerId().orElseThrow());
        VrrpInstance web = c.instance("VI_WEB").orElseThrow();
        VrrpInstance gw = c.instance("VI_GW").orElseThrow();
        assertEquals(150, web.priority());
        assertEquals(150, gw.priority());
        assertEquals("192.0.2.1", web.unicastSrcIp().orElseThrow().getHostAddress());
        assertEquals("192.0.2.2", web.unicastPeers().get(0).address().getHostAddress());
        assertEquals(255, web.unicastPeers().get(0).minTtl().getAsInt());
        assertEquals("10.0.0.2", gw.unicastSrcIp().orElseThrow().getHostAddress());
        assertEquals("10.0.0.3", gw.unicastPeers().get(0).address().getHostAddress());
        common(c);
    }

    @Test
    void lb2() throws Exception {
        KeepalivedConfig c = load("lb2");
        assertEquals("lb2", c.globalDefs().routerId().orElseThrow());
        VrrpInstance web = c.instance("VI_WEB").orElseThrow();
        assertEquals(100, web.priority());
        assertEquals(100, c.instance("VI_GW").orElseThrow().priority());
        assertEquals("192.0.2.2", web.unicastSrcIp().orElseThrow().getHostAddress());
        assertEquals("192.0.2.1", web.unicastPeers().get(0).address().getHostAddress());
        assertEquals("10.0.0.3", c.instance("VI_GW").orElseThrow().unicastSrcIp().orElseThrow().getHostAddress());
        common(c);
    }

    private static void common(KeepalivedConfig c) {
        VrrpInstance web = c.instance("VI_WEB").orElseThrow();
        assertEquals(3, web.version());
        assertEquals(Duration.ofMillis(500), web.advertInterval());
        assertEquals(Duration.ofSeconds(30), web.preemptDelay());
        assertEquals(List.of("203.0.113.20/32", "203.0.113.21/32", "203.0.113.22/32", "203.0.113.23/32"),
                web.excludedAddresses().stream().map(a -> a.prefix().toString()).toList());
        assertTrue(web.excludedAddresses().stream().allMatch(a -> a.device().orElseThrow().equals("eth0")));
        assertEquals("eth0:web", web.virtualAddresses().get(0).label().orElseThrow());
        assertEquals(Duration.ofSeconds(30), web.garp().masterRefresh(), "instance override");
        assertEquals(3, web.garp().masterRepeat(), "global vrrp_garp_master_repeat");

        LvsSyncDaemon d = c.globalDefs().lvsSyncDaemon().orElseThrow();
        assertEquals("eth1", d.interfaceName());
        assertEquals(51, d.syncId());
        assertEquals("VI_WEB", d.instance().orElseThrow());
        assertEquals(Duration.ofSeconds(10), c.globalDefs().childWaitTime());

        assertEquals(List.of("VI_WEB", "VI_GW"), c.syncGroupOf("VI_GW").orElseThrow().members());
        assertEquals(-60, c.syncGroups().get(0).trackers().scripts().get(0).weight());
        assertEquals(-100, c.syncGroups().get(0).trackers().files().get(0).weight());

        VirtualServer vsg = c.virtualServers().get(0);
        assertEquals(new ServiceAddress.Group("VSG_WEB"), vsg.address());
        List<VsgEntry> entries = c.group("VSG_WEB").orElseThrow().entries();
        assertEquals(List.of(80, 443), entries.stream().map(e -> ((VsgEntry.Range) e).port()).toList());
        assertEquals("wlc", vsg.scheduler());
        assertEquals(Duration.ofSeconds(300), vsg.persistence().orElseThrow().timeout());
        assertEquals("255.255.255.0", vsg.persistence().orElseThrow().granularity().orElseThrow().getHostAddress());
        RealServer rs11 = vsg.realServers().get(0);
        assertTrue(rs11.inhibitOnFailure());
        Checker.HttpGet http = (Checker.HttpGet) rs11.checkers().get(0);
        assertEquals(Duration.ofSeconds(2), http.checkerTiming().connectTimeout());
        assertEquals(3, http.checkerTiming().retry());
        assertEquals(Duration.ofSeconds(1), http.checkerTiming().delayBeforeRetry());
        assertEquals(Duration.ofSeconds(5), http.checkerTiming().delayLoop(), "from the VS");
        assertEquals(Duration.ofSeconds(5), http.checkerTiming().warmup());
        assertTrue(http.checkerTiming().alpha(), "alpha from the VS");
        assertEquals("www.example.net", http.urls().get(0).virtualhost().orElseThrow(), "virtualhost from the VS");

        VirtualServer fwm = c.virtualServers().get(2);
        assertEquals("FWM 100", fwm.displayName());
        assertEquals(0, fwm.realServers().get(0).endpoint().port());
        assertEquals(dev.fulcrum.conf.model.LvsMethod.TUN, fwm.realServers().get(0).forwarding().method());
    }
}

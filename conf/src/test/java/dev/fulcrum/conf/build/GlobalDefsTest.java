package dev.fulcrum.conf.build;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.ConfText;
import dev.fulcrum.conf.model.GlobalDefs;
import dev.fulcrum.conf.model.LvsFlushOnStop;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobalDefsTest {
    @Test
    void defaultsWhenAbsent() {
        GlobalDefs g = ConfText.clean("").globalDefs();
        assertEquals(2, g.vrrpVersion());
        assertEquals("224.0.0.18", g.vrrpMcastGroup4().getHostAddress());
        assertEquals(Duration.ofSeconds(5), g.vrrpGarp().masterDelay());
        assertEquals(5, g.vrrpGarp().masterRepeat());
        assertEquals(3, g.vrrpDownTimerAdverts());
        assertEquals(Duration.ofSeconds(5), g.childWaitTime());
        assertEquals(LvsFlushOnStop.OFF, g.lvsFlushOnStop());
        assertFalse(g.lvsTimeouts().isSet());
        assertTrue(g.lvsSyncDaemon().isEmpty());
    }

    @Test
    void directorKeywords() {
        GlobalDefs g = ConfText.clean("""
                child_wait_time 12
                global_defs {
                    router_id lb1
                    script_user keepalived_script users
                    enable_script_security
                    vrrp_version 3
                    vrrp_garp_master_delay 2
                    vrrp_garp_master_repeat 3
                    vrrp_garp_lower_prio_repeat 1
                    vrrp_garp_interval 0.001
                    lvs_timeouts tcp 900 tcpfin 120 udp 300
                    lvs_flush
                    lvs_flush_on_stop VS
                    notification_email {
                        noc@example.net
                    }
                    smtp_server 192.0.2.25 2525
                }
                """).globalDefs();
        assertEquals("lb1", g.routerId().orElseThrow());
        assertEquals("users", g.scriptUser().orElseThrow().group().orElseThrow());
        assertTrue(g.enableScriptSecurity());
        assertEquals(3, g.vrrpVersion());
        assertEquals(Duration.ofSeconds(2), g.vrrpGarp().lowerPrioDelay(), "lower_prio_delay defaults to master_delay");
        assertEquals(1, g.vrrpGarp().lowerPrioRepeat());
        assertEquals(Duration.ofMillis(1), g.vrrpGarp().interval());
        assertEquals(Duration.ofSeconds(900), g.lvsTimeouts().tcp().orElseThrow());
        assertEquals(Duration.ofSeconds(120), g.lvsTimeouts().tcpFin().orElseThrow());
        assertTrue(g.lvsFlush());
        assertEquals(LvsFlushOnStop.VS, g.lvsFlushOnStop());
        assertEquals(Duration.ofSeconds(12), g.childWaitTime());
        assertEquals(2525, g.smtpServer().orElseThrow().port());
        assertEquals("noc@example.net", g.notificationEmail().get(0));
    }

    @Test
    void syncDaemonTakesTheInstanceVridUnlessAnIdIsGiven() {
        String vi = ConfText.instance("VI_S").replace("virtual_router_id 51", "virtual_router_id 77");
        LvsSyncDaemon d = ConfText.clean("global_defs {\n lvs_sync_daemon eth1 VI_S maxlen 1472 ttl 1\n}\n" + vi)
                .globalDefs().lvsSyncDaemon().orElseThrow();
        assertEquals(77, d.syncId());
        assertEquals("VI_S", d.instance().orElseThrow());
        assertEquals(8848, d.port());
        assertEquals("224.0.0.81", d.group().getHostAddress());
        assertEquals(1472, d.maxLen().getAsInt());
        LvsSyncDaemon e = ConfText.clean("global_defs {\n lvs_sync_daemon eth1 inst VI_S id 9 port 9000\n}\n" + vi)
                .globalDefs().lvsSyncDaemon().orElseThrow();
        assertEquals(9, e.syncId());
        assertEquals(9000, e.port());
        assertEquals(0, ConfText.clean("global_defs {\n lvs_sync_daemon eth1\n}\n").globalDefs().lvsSyncDaemon().orElseThrow().syncId());
    }

    @Test
    void syncDaemonWithUnknownInstanceIsAnError() {
        assertTrue(ConfText.messages(ConfText.load("global_defs {\n lvs_sync_daemon eth1 VI_NONE\n}\n"))
                .contains("error: lvs_sync_daemon: unknown vrrp_instance 'VI_NONE'"));
    }

    @Test
    void vrrpSchedulingKeywordsAreModelled() {
        GlobalDefs none = ConfText.clean("").globalDefs();
        assertTrue(none.vrrpRtPriority().isEmpty());
        assertFalse(none.vrrpNoSwap());
        assertTrue(none.vrrpNice().isEmpty());
        GlobalDefs g = ConfText.clean("global_defs {\n vrrp_rt_priority 42\n vrrp_no_swap\n vrrp_priority -5\n}\n")
                .globalDefs();
        assertEquals(42, g.vrrpRtPriority().getAsInt());
        assertTrue(g.vrrpNoSwap());
        assertEquals(-5, g.vrrpNice().getAsInt());
        GlobalDefs bounds = ConfText.clean("global_defs {\n vrrp_rt_priority 99\n vrrp_priority 19\n}\n").globalDefs();
        assertEquals(99, bounds.vrrpRtPriority().getAsInt());
        assertEquals(19, bounds.vrrpNice().getAsInt());
        assertEquals(-20, ConfText.clean("global_defs {\n vrrp_priority -20\n}\n").globalDefs().vrrpNice().getAsInt());
        assertEquals(1, ConfText.clean("global_defs {\n vrrp_rt_priority 1\n}\n").globalDefs().vrrpRtPriority().getAsInt());
    }

    @Test
    void rtPriorityOutOfRangeIsClampedWithAWarningAsKeepalivedDoes() {
        ConfResult high = ConfText.load("global_defs {\n vrrp_rt_priority 150\n}\n");
        assertEquals(List.of("warning: vrrp_rt_priority 150 outside range 1 to 99, setting to 99"), ConfText.messages(high));
        assertEquals(99, high.config().orElseThrow().globalDefs().vrrpRtPriority().getAsInt());
        ConfResult low = ConfText.load("global_defs {\n vrrp_rt_priority 0\n}\n");
        assertEquals(List.of("warning: vrrp_rt_priority 0 outside range 1 to 99, setting to 1"), ConfText.messages(low));
        assertEquals(1, low.config().orElseThrow().globalDefs().vrrpRtPriority().getAsInt());
    }

    @Test
    void niceOutOfRangeIsIgnoredWithAWarning() {
        for (String bad : List.of("-21", "20")) {
            ConfResult r = ConfText.load("global_defs {\n vrrp_priority " + bad + "\n}\n");
            assertEquals(List.of("warning: vrrp_priority " + bad + " outside range -20 to 19 (a nice value) - ignoring"),
                    ConfText.messages(r));
            assertTrue(r.config().orElseThrow().globalDefs().vrrpNice().isEmpty());
        }
    }

    @Test
    void schedulingKeywordsThatAreNotNumbersAreErrors() {
        assertTrue(ConfText.load("global_defs {\n vrrp_rt_priority high\n}\n").hasErrors());
        assertTrue(ConfText.load("global_defs {\n vrrp_priority\n}\n").hasErrors());
        assertTrue(ConfText.load("global_defs {\n vrrp_no_swap maybe\n}\n").hasErrors());
    }

    @Test
    void childWaitTimeInsideGlobalDefsIsAnError() {
        assertTrue(ConfText.load("global_defs {\n child_wait_time 10\n}\n").hasErrors());
    }
}

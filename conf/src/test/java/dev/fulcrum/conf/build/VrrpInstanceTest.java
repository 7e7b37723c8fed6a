package dev.fulcrum.conf.build;

import dev.fulcrum.conf.ConfText;
import dev.fulcrum.conf.model.AuthType;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.TrackedScript;
import dev.fulcrum.conf.model.VirtualAddress;
import dev.fulcrum.conf.model.VrrpInstance;
import dev.fulcrum.conf.model.VrrpState;
import dev.fulcrum.conf.model.VrrpSyncGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VrrpInstanceTest {
    private static VrrpInstance only(KeepalivedConfig c) {
        assertEquals(1, c.vrrpInstances().size());
        return c.vrrpInstances().get(0);
    }

    @Test
    void coreKeywords() {
        VrrpInstance i = only(ConfText.clean(ConfText.instance("VI_1", " nopreempt", " preempt_delay 30", " dont_track_primary")));
        assertEquals("VI_1", i.name());
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals("eth0", i.interfaceName().orElseThrow());
        assertEquals(51, i.virtualRouterId());
        assertEquals(100, i.priority());
        assertEquals(Duration.ofSeconds(1), i.advertInterval());
        assertEquals(2, i.version());
        assertTrue(i.nopreempt());
        assertEquals(Duration.ofSeconds(30), i.preemptDelay());
        assertTrue(i.dontTrackPrimary());
        assertTrue(i.accept());
        assertEquals("224.0.0.18", i.mcastGroup().getHostAddress());
    }

    @Test
    void masterWithoutPriorityIsTheOwner() {
        String text = "vrrp_instance V {\n state MASTER\n interface eth0\n virtual_router_id 9\n virtual_ipaddress {\n 192.0.2.9\n }\n}\n";
        VrrpInstance i = only(ConfText.clean(text));
        assertEquals(255, i.priority());
        assertTrue(i.isOwner());
    }

    @Test
    void vipOptionsAndExcludedAddresses() {
        VrrpInstance i = only(ConfText.clean("""
                vrrp_instance V {
                    interface eth0
                    virtual_router_id 3
                    virtual_ipaddress {
                        203.0.113.10/24 brd 203.0.113.255 dev eth1 scope global label eth1:web no_track
                        203.0.113.11
                    }
                    virtual_ipaddress_excluded {
                        2001:db8::1/64 dev eth0 -nodad noprefixroute
                        203.0.113.12/32
                    }
                }
                """));
        VirtualAddress a = i.virtualAddresses().get(0);
        assertEquals("203.0.113.10/24", a.prefix().toString());
        assertEquals("203.0.113.255", a.broadcast().orElseThrow().getHostAddress());
        assertEquals("eth1", a.device().orElseThrow());
        assertEquals("global", a.scope().orElseThrow());
        assertEquals("eth1:web", a.label().orElseThrow());
        assertTrue(a.noTrack());
        assertEquals(32, i.virtualAddresses().get(1).prefix().prefixLength());
        assertEquals(List.of("-nodad", "noprefixroute"), i.excludedAddresses().get(0).flags());
        assertEquals(2, i.excludedAddresses().size());
    }

    @Test
    void ipv6InstancesAreVersion3() {
        VrrpInstance i = only(ConfText.clean(ConfText.instance("V6").replace("192.0.2.50/24", "2001:db8::50/64")));
        assertEquals(3, i.version());
        assertEquals("ff02:0:0:0:0:0:0:12", i.mcastGroup().getHostAddress());
    }

    @Test
    void unicastPeersWithTtlWindow() {
        VrrpInstance i = only(ConfText.clean(ConfText.instance("U", " unicast_src_ip 192.0.2.1",
                " unicast_peer {\n 192.0.2.2\n 192.0.2.3 min_ttl 250 max_ttl 255\n }", " unicast_ttl 10")));
        assertTrue(i.isUnicast());
        assertEquals("192.0.2.1", i.unicastSrcIp().orElseThrow().getHostAddress());
        assertEquals(2, i.unicastPeers().size());
        assertEquals(250, i.unicastPeers().get(1).minTtl().getAsInt());
        assertEquals(10, i.unicastTtl().getAsInt());
    }

    @Test
    void authenticationIsTruncatedToEightCharacters() {
        var r = ConfText.load(ConfText.instance("A", " authentication {\n auth_type AH\n auth_pass averylongpassword\n }"));
        VrrpInstance i = only(r.config().orElseThrow());
        assertEquals(AuthType.AH, i.authentication().orElseThrow().type());
        assertEquals("averylon", i.authentication().orElseThrow().password());
        assertEquals(List.of("warning: Truncating auth_pass to 8 characters"), ConfText.messages(r));
    }

    @Test
    void version3IgnoresAuthentication() {
        var r = ConfText.load(ConfText.instance("A", " version 3", " authentication {\n auth_pass abc\n }"));
        assertTrue(only(r.config().orElseThrow()).authentication().isEmpty());
        assertTrue(ConfText.messages(r).contains("warning: (A) VRRP version 3 does not support authentication. Ignoring."));
    }

    @Test
    void advertIntervalRoundingPerVersion() {
        var v2 = ConfText.load(ConfText.instance("A").replace("advert_int 1", "advert_int 2.4"));
        assertEquals(Duration.ofSeconds(2), only(v2.config().orElseThrow()).advertInterval());
        assertTrue(v2.hasWarnings());
        var v3 = ConfText.load(ConfText.instance("A", " version 3").replace("advert_int 1", "advert_int 0.015"));
        assertEquals(Duration.ofMillis(20), only(v3.config().orElseThrow()).advertInterval());
        var big = ConfText.load(ConfText.instance("A", " version 3").replace("advert_int 1", "advert_int 50"));
        assertEquals(Duration.ofMillis(40950), only(big.config().orElseThrow()).advertInterval());
        var ok = ConfText.clean(ConfText.instance("A", " version 3").replace("advert_int 1", "advert_int 0.25"));
        assertEquals(Duration.ofMillis(250), only(ok).advertInterval());
        assertTrue(ConfText.load(ConfText.instance("A").replace("advert_int 1", "advert_int 0.001")).hasErrors());
    }

    @Test
    void globalDefaultsFlowIntoInstances() {
        VrrpInstance i = only(ConfText.clean("global_defs {\n vrrp_version 3\n vrrp_garp_master_repeat 2\n vrrp_strict\n vrrp_check_unicast_src\n}\n"
                + ConfText.instance("G", " garp_master_delay 1").replace("state BACKUP", "state BACKUP")));
        assertEquals(3, i.version());
        assertEquals(2, i.garp().masterRepeat());
        assertEquals(Duration.ofSeconds(1), i.garp().masterDelay());
        assertEquals(Duration.ofSeconds(1), i.garp().lowerPrioDelay(), "instance garp_master_delay also sets lower_prio_delay");
        assertTrue(i.strictMode());
        assertFalse(i.accept(), "strict mode turns accept off by default");
        assertTrue(i.checkUnicastSrc());
    }

    @Test
    void trackerWeightsResolveFromTheirDefinitions() {
        KeepalivedConfig c = ConfText.clean("""
                global_defs {
                    enable_script_security
                }
                vrrp_script chk {
                    script "/bin/true"
                    weight -20
                }
                vrrp_script chk2 {
                    script "/bin/true"
                    weight 5 reverse
                }
                track_file f1 {
                    file /run/f1
                }
                """ + ConfText.instance("T", " track_script {\n chk\n chk2 weight 7 noreverse\n }",
                " track_file {\n f1\n }", " track_interface {\n eth1 weight -10\n eth2\n }"));
        VrrpInstance i = only(c);
        assertEquals(List.of(new TrackedScript("chk", -20, false), new TrackedScript("chk2", 7, false)), i.trackers().scripts());
        assertEquals(1, i.trackers().files().get(0).weight(), "track_file weight defaults to 1");
        assertEquals(-10, i.trackers().interfaces().get(0).weight());
        assertEquals(0, i.trackers().interfaces().get(1).weight());
        assertEquals(Duration.ofSeconds(1), c.vrrpScripts().get(0).interval());
        assertEquals(c.vrrpScripts().get(0).interval(), c.vrrpScripts().get(0).timeout(), "timeout defaults to interval");
    }

    @Test
    void syncGroupMembersLoseWeightedTrackers() {
        var r = ConfText.load("""
                vrrp_script chk {
                    script "/bin/true"
                    weight -20
                }
                vrrp_sync_group SG {
                    group {
                        A
                        B
                    }
                    track_script {
                        chk
                    }
                    notify "/bin/notify.sh" root
                }
                """ + ConfText.instance("A", " track_script {\n chk\n }")
                + ConfText.instance("B").replace("virtual_router_id 51", "virtual_router_id 52"));
        KeepalivedConfig c = r.config().orElseThrow();
        assertTrue(c.instance("A").orElseThrow().trackers().scripts().isEmpty());
        assertTrue(ConfText.messages(r).contains("warning: (A) ignoring tracked script chk with weight -20 due to SYNC group"));
        VrrpSyncGroup g = c.syncGroups().get(0);
        assertEquals(List.of("A", "B"), g.members());
        assertEquals(-20, g.trackers().scripts().get(0).weight());
        assertEquals("root", g.notifications().any().orElseThrow().user().orElseThrow().user());
        assertEquals("SG", c.syncGroupOf("B").orElseThrow().name());
    }

    @Test
    void notifyScriptsWithUser() {
        VrrpInstance i = only(ConfText.clean("global_defs {\n enable_script_security\n}\n" + ConfText.instance("N", " notify_master \"/usr/bin/n.sh master\" nobody nogroup",
                " notify /usr/bin/all.sh", " notify_priority_changes")));
        assertEquals("/usr/bin/n.sh master", i.notifications().master().orElseThrow().command());
        assertEquals("nogroup", i.notifications().master().orElseThrow().user().orElseThrow().group().orElseThrow());
        assertEquals("/usr/bin/all.sh", i.notifications().any().orElseThrow().command());
        assertTrue(i.notifications().priorityChanges());
    }
}

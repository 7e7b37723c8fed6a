package dev.fulcrum.vrrp.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.vrrp.wire.AuthType;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived.conf text, parsed by the conf module, adapted into the VRRP specs. */
class ConfAdapterTest {
    static VrrpSpec load(String text) {
        ConfResult r = KeepalivedConf.parse(Path.of("test.conf"), text, LoadOptions.defaults());
        assertFalse(r.hasErrors(), () -> r.errors().toString());
        return ConfAdapter.adapt(r.config().orElseThrow());
    }

    @Test
    void instanceWithTrackersUnicastAndGarp() throws Exception {
        VrrpSpec s = load("""
                global_defs {
                  vrrp_version 3
                  vrrp_garp_master_repeat 3
                  enable_script_security
                }
                vrrp_script chk {
                  script "/bin/true"
                  interval 2
                  fall 2
                  rise 3
                  weight -20
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 51
                  priority 150
                  advert_int 0.1
                  nopreempt
                  unicast_src_ip 10.99.0.11
                  unicast_peer {
                    10.99.0.12
                  }
                  track_script {
                    chk
                  }
                  track_interface {
                    eth1 weight -30
                  }
                  notify_master "/usr/local/bin/master.sh"
                  virtual_ipaddress {
                    10.99.0.50/24 dev eth0 label eth0:vip scope link
                  }
                  virtual_ipaddress_excluded {
                    192.0.2.1/32
                  }
                }
                """);
        InstanceSpec i = s.instances().get(0);
        assertEquals("VI_1", i.name());
        assertEquals(VrrpVersion.V3, i.version());
        assertEquals(10, i.intervalCentis());
        assertEquals(150, i.priority());
        assertTrue(i.nopreempt());
        assertEquals(InetAddress.getByName("10.99.0.11"), i.sourceAddress());
        assertEquals(InetAddress.getByName("10.99.0.12"), i.unicastPeers().get(0).address());
        VipSpec vip = i.vips().get(0);
        assertEquals(24, vip.prefixLength());
        assertEquals("eth0:vip", vip.label());
        assertEquals(253, vip.scope());
        assertEquals(1, i.excludedVips().size());
        assertEquals(3, i.garp().masterRepeat());
        assertEquals(List.of(new TrackRef("chk", -20, false)), i.trackScripts());
        assertEquals(List.of(new TrackRef("eth1", -30, false)), i.trackInterfaces());
        assertEquals("/usr/local/bin/master.sh", i.notifications().master());
        ScriptSpec chk = s.scripts().get("chk");
        assertEquals(2000, chk.intervalMillis());
        assertEquals(3, chk.rise());
        assertEquals(2, chk.fall());
        assertTrue(s.enableScriptSecurity());
    }

    @Test
    void v2PassAuthAndWholeSecondInterval() {
        VrrpSpec s = load("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 7
                  advert_int 2
                  authentication {
                    auth_type PASS
                    auth_pass secret12
                  }
                  virtual_ipaddress {
                    10.0.0.1
                  }
                }
                """);
        InstanceSpec i = s.instances().get(0);
        assertEquals(VrrpVersion.V2, i.version());
        assertEquals(200, i.intervalCentis());
        assertEquals(AuthType.PASS, i.authType());
        assertEquals("secret12", i.authPass());
        assertEquals(100, i.priority());
        assertFalse(i.startAsMaster());
    }

    @Test
    void syncGroupMembers() {
        VrrpSpec s = load("""
                vrrp_sync_group SG {
                  group {
                    VI_A
                    VI_B
                  }
                }
                vrrp_instance VI_A {
                  interface eth0
                  virtual_router_id 1
                  virtual_ipaddress {
                    10.0.0.1
                  }
                }
                vrrp_instance VI_B {
                  interface eth0
                  virtual_router_id 2
                  virtual_ipaddress {
                    10.0.0.2
                  }
                }
                """);
        assertEquals(List.of("VI_A", "VI_B"), s.syncGroups().get(0).members());
    }

    @Test
    void virtualRoutesRulesAndTheV3ChecksumFormReachTheSpec() throws Exception {
        VrrpSpec s = load("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  virtual_ipaddress {
                    10.99.0.50/24
                  }
                  virtual_routes {
                    src 10.99.0.50 to 198.51.100.0/24 via 10.99.0.1 dev eth0 table 100
                    blackhole 203.0.113.0/24
                  }
                  virtual_rules {
                    from 10.99.0.50 table 100 priority 100
                  }
                }
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 52
                  v3_checksum_as_v2
                  virtual_ipaddress {
                    10.99.0.51/24
                  }
                }
                """);
        assertEquals(dev.fulcrum.vrrp.wire.V3Checksum.PSEUDO_HEADER, s.instances().get(0).v3Checksum());
        assertEquals(dev.fulcrum.vrrp.wire.V3Checksum.AS_V2, s.instances().get(1).v3Checksum());
        InstanceSpec i = s.instances().get(0);
        assertEquals(2, i.routes().size());
        assertEquals(InetAddress.getByName("10.99.0.50"), i.routes().get(0).prefSrc());
        assertEquals(100, i.routes().get(0).table());
        assertEquals(6, i.routes().get(1).type());
        assertEquals(1, i.rules().size());
        assertEquals(100, i.rules().get(0).priority());
    }

    @Test
    void vmacAcceptModeAndTrackProcessReachTheSpec() throws Exception {
        VrrpSpec s = load("""
                vrrp_track_process nginx {
                  process nginx -g daemon
                  quorum 2
                  quorum_max 4
                  delay 0.5
                  weight -30
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  use_vmac
                  no_accept
                  track_process {
                    nginx
                  }
                  virtual_ipaddress {
                    10.99.0.50/24
                  }
                }
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 52
                  use_vmac vmac52
                  vmac_xmit_base
                  virtual_ipaddress {
                    10.99.0.51/24
                  }
                }
                """);
        InstanceSpec a = s.instances().get(0);
        assertEquals("vrrp.51", a.vmacName());
        assertFalse(a.vmacXmitBase());
        assertFalse(a.accept());
        assertEquals(List.of(new TrackRef("nginx", -30, false)), a.trackProcesses());
        InstanceSpec b = s.instances().get(1);
        assertEquals("vmac52", b.vmacName());
        assertTrue(b.vmacXmitBase());
        assertTrue(b.accept(), "accept is keepalived's default outside strict mode");
        TrackProcessSpec p = s.trackProcesses().get("nginx");
        assertEquals("nginx", p.command());
        assertEquals(List.of("-g", "daemon"), p.params());
        assertEquals(ArgumentMatch.EXACT, p.paramMatch(), "arguments without param_match: exact, as keepalived");
        assertTrue(p.fullCommand(), "arguments turn full_command on, as keepalived");
        assertEquals(2, p.quorum());
        assertEquals(4, p.quorumMax());
        assertEquals(500, p.forkDelayMillis());
        assertEquals(500, p.terminateDelayMillis());
        assertEquals(-30, p.weight());
    }

    @Test
    void paramMatchAndQuotedArgumentsReachTheSpec() throws Exception {
        VrrpSpec s = load("""
                vrrp_track_process web {
                  process sh -c "exec sleep 1000"
                  param_match initial
                }
                vrrp_track_process any {
                  process haproxy
                }
                vrrp_track_process bare {
                  process haproxy
                  param_match
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  track_process {
                    web
                    any
                    bare
                  }
                  virtual_ipaddress {
                    10.99.0.50/24
                  }
                }
                """);
        TrackProcessSpec web = s.trackProcesses().get("web");
        assertEquals("sh", web.command());
        assertEquals(List.of("-c", "exec sleep 1000"), web.params());
        assertEquals(ArgumentMatch.INITIAL, web.paramMatch());
        assertTrue(web.fullCommand());
        assertEquals(ArgumentMatch.ANY, s.trackProcesses().get("any").paramMatch());
        assertFalse(s.trackProcesses().get("any").fullCommand());
        assertEquals(ArgumentMatch.EXACT, s.trackProcesses().get("bare").paramMatch());
        assertTrue(s.trackProcesses().get("bare").fullCommand());
    }
}

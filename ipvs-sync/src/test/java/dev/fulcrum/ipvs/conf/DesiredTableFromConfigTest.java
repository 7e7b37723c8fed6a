package dev.fulcrum.ipvs.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.ServiceFlag;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Tunnel;
import dev.fulcrum.ipvs.reconcile.DesiredService;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredTableFromConfigTest {
    static final String CONF = """
            global_defs {
                lvs_flush
            }
            virtual_server_group web {
                192.0.2.10-12 80
                fwmark 9
            }
            virtual_server 192.0.2.1 80 {
                lvs_sched sh
                sh-port
                sh-fallback
                lvs_method NAT
                protocol TCP
                persistence_timeout 300
                persistence_granularity 255.255.255.0
                real_server 10.0.0.1 8080 {
                    weight 3
                    uthreshold 100
                    lthreshold 10
                }
                real_server 10.0.0.2 8080 {
                    weight 2
                    inhibit_on_failure
                }
                sorry_server 10.0.0.9 8080
                sorry_server_inhibit
            }
            virtual_server fwmark 7 {
                lvs_sched wlc
                lvs_method DR
                real_server 10.0.1.1 80 {
                    weight 1
                }
            }
            virtual_server 2001:db8::1 53 {
                lvs_sched rr
                protocol UDP
                ops
                lvs_method TUN type gue port 6080 csum
                real_server 2001:db8::10 5353 {
                    weight 4
                }
            }
            virtual_server group web {
                lvs_sched rr
                protocol TCP
                real_server 10.0.2.1 80 {
                }
            }
            """;

    static KeepalivedConfig config() {
        ConfResult r = KeepalivedConf.parse(Path.of("test.conf"), CONF, LoadOptions.defaults());
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        return r.config().orElseThrow();
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void virtualServersBecomeIpvsServicesWithKeepalivedRules() throws Exception {
        KeepalivedConfig c = config();
        DesiredTable t = DesiredTableFromConfig.of(c);
        assertEquals(3 + 3 + 1, t.services().size(), t.services().keySet().toString());

        DesiredService web = t.get(ServiceKey.of(Protocol.TCP, ip("192.0.2.1"), 80)).orElseThrow();
        assertEquals("sh", web.service().scheduler());
        assertEquals(Set.of(ServiceFlag.SH_PORT, ServiceFlag.SH_FALLBACK), web.service().flags());
        assertEquals(Optional.of(new Persistence(300, 24)), web.service().persistence());
        Destination rs1 = web.destinations().get(new DestinationId(ip("10.0.0.1"), 8080)).destination();
        assertEquals(new Destination(ip("10.0.0.1"), 8080, ForwardMethod.MASQ, 3, 100, 10, Tunnel.IPIP), rs1);
        assertTrue(web.destinations().get(new DestinationId(ip("10.0.0.2"), 8080)).inhibitOnFailure());
        assertEquals(0, web.destinations().get(new DestinationId(ip("10.0.0.9"), 8080)).destination().weight(),
                "sorry_server_inhibit keeps the sorry server at weight 0 while quorum holds");

        DesiredService fw = t.get(ServiceKey.fwmark(7, AddressFamily.INET)).orElseThrow();
        assertEquals(new DestinationId(ip("10.0.1.1"), 0), fw.destinations().keySet().iterator().next(), "DR on fwmark: port 0");

        DesiredService v6 = t.get(ServiceKey.of(Protocol.UDP, ip("2001:db8::1"), 53)).orElseThrow();
        assertTrue(v6.service().flags().contains(ServiceFlag.ONE_PACKET));
        Destination tun = v6.destinations().values().iterator().next().destination();
        assertEquals(53, tun.port(), "TUN uses the service port");
        assertEquals(new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.CSUM), tun.tunnel());

        for (String a : new String[] {"192.0.2.10", "192.0.2.11", "192.0.2.12"}) {
            assertTrue(t.get(ServiceKey.of(Protocol.TCP, ip(a), 80)).isPresent(), a);
        }
        assertTrue(t.get(ServiceKey.fwmark(9, AddressFamily.INET)).isPresent());
        assertTrue(DesiredTableFromConfig.options(c, ReconcileOptions.DEFAULTS).flushForeign());
    }

    @Test
    void quorumLossSwapsInTheSorryServerAndKeepsInhibitedServersAtWeightZero() throws Exception {
        DesiredTable t = DesiredTableFromConfig.of(config(), (svc, rs) -> false);
        DesiredService web = t.get(ServiceKey.of(Protocol.TCP, ip("192.0.2.1"), 80)).orElseThrow();
        assertEquals(Set.of(new DestinationId(ip("10.0.0.2"), 8080), new DestinationId(ip("10.0.0.9"), 8080)), web.destinations().keySet());
        assertEquals(1, web.destinations().get(new DestinationId(ip("10.0.0.9"), 8080)).destination().weight());
        assertFalse(web.destinations().get(new DestinationId(ip("10.0.0.2"), 8080)).healthy());
    }
}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.ConfText;
import dev.fulcrum.conf.model.Checker;
import dev.fulcrum.conf.model.CheckerTiming;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.LvsMethod;
import dev.fulcrum.conf.model.Protocol;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.SchedulerFlag;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.conf.model.StatusRange;
import dev.fulcrum.conf.model.TunnelChecksum;
import dev.fulcrum.conf.model.TunnelType;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.conf.model.VsgEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LvsTest {
    private static VirtualServer vs(String text) {
        KeepalivedConfig c = ConfText.valid(text);
        return c.virtualServers().get(0);
    }

    private static CheckerTiming timing(Checker c) {
        return c.timing().orElseThrow();
    }

    @Test
    void defaultsWhenOnlyTheRequiredKeywordsAreGiven() {
        VirtualServer v = vs(ConfText.service());
        assertEquals(80, ((ServiceAddress.Inet) v.address()).port());
        assertEquals(Protocol.TCP, v.protocol());
        assertEquals(Duration.ofSeconds(60), v.delayLoop());
        assertEquals(1, v.quorum());
        RealServer rs = v.realServers().get(0);
        assertEquals(1, rs.weight());
        assertEquals(LvsMethod.NAT, rs.forwarding().method());
        assertFalse(rs.inhibitOnFailure());
        CheckerTiming t = timing(rs.checkers().get(0));
        assertEquals(Duration.ofSeconds(60), t.delayLoop());
        assertEquals(Duration.ofSeconds(5), t.connectTimeout());
        assertEquals(1, t.retry());
        assertEquals(Duration.ofSeconds(1), t.delayBeforeRetry());
        assertEquals(Duration.ofSeconds(60), t.warmup(), "warmup defaults to delay_loop");
        assertEquals(80, ((Checker.TcpCheck) rs.checkers().get(0)).target().connectPort());
    }

    @Test
    void inheritanceVirtualServerToRealServerToChecker() {
        VirtualServer v = vs("""
                virtual_server 192.0.2.1 80 {
                    lvs_sched wlc
                    lvs_method DR
                    protocol TCP
                    delay_loop 10
                    connect_timeout 3
                    retry 4
                    delay_before_retry 2
                    warmup 7
                    alpha
                    inhibit_on_failure
                    weight 5
                    virtualhost vs.example.net
                    real_server 192.0.2.11 80 {
                        TCP_CHECK {
                        }
                    }
                    real_server 192.0.2.12 80 {
                        delay_loop 20
                        retry 1
                        weight 9
                        inhibit_on_failure false
                        virtualhost rs.example.net
                        HTTP_GET {
                            url {
                                path /
                            }
                            url {
                                path /b
                                virtualhost url.example.net
                            }
                            connect_timeout 1
                        }
                        DNS_CHECK {
                        }
                    }
                }
                """);
        RealServer a = v.realServers().get(0);
        assertEquals(5, a.weight());
        assertTrue(a.inhibitOnFailure());
        assertTrue(a.alpha());
        assertEquals(LvsMethod.DR, a.forwarding().method());
        assertEquals(new CheckerTiming(Duration.ofSeconds(10), Duration.ofSeconds(3), 4, Duration.ofSeconds(2),
                Duration.ofSeconds(7), true, false), timing(a.checkers().get(0)));
        RealServer b = v.realServers().get(1);
        assertEquals(9, b.weight());
        assertFalse(b.inhibitOnFailure());
        assertEquals(Duration.ofSeconds(20), b.delayLoop());
        Checker.HttpGet http = (Checker.HttpGet) b.checkers().get(0);
        assertEquals(new CheckerTiming(Duration.ofSeconds(20), Duration.ofSeconds(1), 1, Duration.ofSeconds(2),
                Duration.ofSeconds(7), true, false), http.checkerTiming());
        assertEquals("rs.example.net", http.urls().get(0).virtualhost().orElseThrow());
        assertEquals("url.example.net", http.urls().get(1).virtualhost().orElseThrow());
        assertEquals(List.of(StatusRange.SUCCESS), http.urls().get(0).statusCodes());
        Checker.DnsCheck dns = (Checker.DnsCheck) b.checkers().get(1);
        assertEquals(1, dns.checkerTiming().retry(), "RS retry overrides the DNS default");
        assertEquals("SOA", dns.type());
        assertEquals(".", dns.name());
    }

    @Test
    void perCheckerDefaults() {
        VirtualServer v = vs(ConfText.service().replace("  TCP_CHECK {\n  }", """
                  HTTP_GET {
                    url {
                      path /
                    }
                  }
                  DNS_CHECK {
                  }
                  MISC_CHECK {
                    misc_path "/bin/true"
                  }
                """).replace("protocol TCP", "protocol TCP\n delay_loop 8"));
        List<Checker> cs = v.realServers().get(0).checkers();
        assertEquals(Duration.ofSeconds(3), timing(cs.get(0)).delayBeforeRetry(), "HTTP delay_before_retry is 3 s");
        assertEquals(1, timing(cs.get(0)).retry());
        assertEquals(3, timing(cs.get(1)).retry(), "DNS retry is 3");
        assertEquals(Duration.ofSeconds(8), timing(cs.get(1)).delayBeforeRetry(), "DNS delay_before_retry = delay_loop");
        assertEquals(0, timing(cs.get(2)).retry(), "MISC retry is 0");
        assertEquals(Duration.ofSeconds(8), ((Checker.MiscCheck) cs.get(2)).timeout(), "misc_timeout = delay_loop");
    }

    @Test
    void legacyAliases() {
        VirtualServer v = vs(ConfText.service().replace("lvs_sched rr", "lb_algo sh").replace("lvs_method NAT", "lb_kind TUN")
                .replace("  TCP_CHECK {\n  }", "  HTTP_GET {\n   url {\n    path /\n   }\n   nb_get_retry 6\n  }"));
        assertEquals("sh", v.scheduler());
        assertEquals(LvsMethod.TUN, v.forwarding().method());
        assertEquals(6, timing(v.realServers().get(0).checkers().get(0)).retry());
    }

    @Test
    void schedulerFlagsPersistenceSorryServerQuorum() {
        VirtualServer v = vs(ConfText.service(" sh-port", " flag-3", " persistence_timeout", " persistence_granularity 255.255.255.0",
                " quorum 1", " hysteresis 0", " quorum_up \"/bin/up.sh\"", " sorry_server 198.51.100.9 8080", " sorry_server_inhibit",
                " omega", " ha_suspend").replace("lvs_sched rr", "lvs_sched sh"));
        assertEquals(Set.of(SchedulerFlag.SH_PORT, SchedulerFlag.FLAG_3), v.schedulerFlags());
        assertEquals(Duration.ofSeconds(360), v.persistence().orElseThrow().timeout(), "bare persistence_timeout is 6 min");
        assertEquals("255.255.255.0", v.persistence().orElseThrow().granularity().orElseThrow().getHostAddress());
        assertEquals(8080, v.sorryServer().orElseThrow().endpoint().port());
        assertTrue(v.sorryServer().orElseThrow().inhibit());
        assertEquals(LvsMethod.NAT, v.sorryServer().orElseThrow().forwarding().method());
        assertEquals("/bin/up.sh", v.quorumUp().orElseThrow().command());
        assertTrue(v.omega());
        assertTrue(v.haSuspend());
    }

    @Test
    void tunnelOptions() {
        VirtualServer v = vs(ConfText.service().replace("lvs_method NAT", "lvs_method TUN type gue port 6080 csum"));
        assertEquals(TunnelType.GUE, v.forwarding().tunnelType());
        assertEquals(6080, v.forwarding().tunnelPort());
        assertEquals(TunnelChecksum.CSUM, v.forwarding().checksum());
        assertTrue(ConfText.load(ConfText.service().replace("lvs_method NAT", "lvs_method TUN type gue")).hasErrors());
    }

    @Test
    void fwmarkAndGroupServices() {
        KeepalivedConfig c = ConfText.valid("""
                virtual_server_group G {
                    192.0.2.1 80
                    192.0.2.10-12 80
                    192.0.2.16/30 443
                    2001:db8::1-3 80
                    fwmark 7 inet6
                }
                virtual_server fwmark 5 {
                    lvs_sched rr
                    lvs_method DR
                    ip_family inet6
                    real_server 2001:db8::20 0 {
                    }
                }
                """);
        List<VsgEntry> e = c.virtualServerGroups().get(0).entries();
        VsgEntry.Range r = (VsgEntry.Range) e.get(1);
        assertEquals("192.0.2.10", r.first().getHostAddress());
        assertEquals("192.0.2.12", r.last().getHostAddress());
        assertEquals(3, r.addresses().size());
        VsgEntry.Range net = (VsgEntry.Range) e.get(2);
        assertEquals("192.0.2.16", net.first().getHostAddress());
        assertEquals("192.0.2.19", net.last().getHostAddress());
        assertEquals(443, net.port());
        assertEquals(3, ((VsgEntry.Range) e.get(3)).addresses().size());
        assertInstanceOf(VsgEntry.Fwmark.class, e.get(4));
        ServiceAddress.Fwmark f = (ServiceAddress.Fwmark) c.virtualServers().get(0).address();
        assertEquals(5, f.mark());
        assertEquals("FWM 5", c.virtualServers().get(0).displayName());
        assertEquals(dev.fulcrum.conf.model.IpFamily.INET6, f.family());
    }

    @Test
    void everyCheckerType() {
        VirtualServer v = vs("""
                track_file drain {
                    file /run/drain
                }
                virtual_server 192.0.2.1 53 {
                    lvs_sched rr
                    lvs_method NAT
                    protocol UDP
                    real_server 192.0.2.11 53 {
                        TCP_CHECK {
                            connect_ip 192.0.2.99
                            connect_port 5353
                            bindto 192.0.2.1
                            bind_port 999
                            fwmark 3
                        }
                        HTTP_GET {
                            url {
                                path /a
                                digest 5D41402ABC4B2A76B9719D911017C592
                                status_code 200 300-399
                            }
                            http_protocol 1.1
                        }
                        SSL_GET {
                            url {
                                path /s
                            }
                            enable_sni
                            sni_name s.example.net
                        }
                        MISC_CHECK {
                            misc_path "/bin/check arg"
                            misc_timeout 3
                            misc_dynamic
                            user nobody
                        }
                        UDP_CHECK {
                            payload Ab12f 3 456 546443123
                            require_reply 0Xff
                            min_reply_length 2
                            max_reply_length 100
                        }
                        DNS_CHECK {
                            type aaaa
                            name www.example.net
                        }
                        SMTP_CHECK {
                            helo_name me.example.net
                        }
                        PING_CHECK {
                        }
                        FILE_CHECK {
                            track_file drain
                            weight -3 reverse
                            dynamic
                        }
                    }
                }
                """);
        List<Checker> cs = v.realServers().get(0).checkers();
        assertEquals(List.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK", "UDP_CHECK", "DNS_CHECK", "SMTP_CHECK",
                "PING_CHECK", "FILE_CHECK"), cs.stream().map(Checker::keyword).toList());
        Checker.TcpCheck tcp = (Checker.TcpCheck) cs.get(0);
        assertEquals("192.0.2.99:5353", tcp.target().endpoint().toString());
        assertEquals(999, tcp.target().bindPort());
        assertEquals(3, tcp.target().fwmark().getAsLong());
        Checker.HttpGet http = (Checker.HttpGet) cs.get(1);
        assertEquals("5d41402abc4b2a76b9719d911017c592", http.urls().get(0).digest().orElseThrow());
        assertEquals(List.of(new StatusRange(200, 200), new StatusRange(300, 399)), http.urls().get(0).statusCodes());
        assertEquals("1.1", http.httpProtocol());
        assertEquals("s.example.net", ((Checker.SslGet) cs.get(2)).sniName().orElseThrow());
        Checker.MiscCheck misc = (Checker.MiscCheck) cs.get(3);
        assertEquals("/bin/check arg", misc.path());
        assertTrue(misc.dynamic());
        assertEquals("nobody", misc.user().orElseThrow().user());
        Checker.UdpCheck udp = (Checker.UdpCheck) cs.get(4);
        assertEquals("AB120F0345065464431203", udp.payload().orElseThrow());
        assertEquals("0XFF", udp.replyPattern().orElseThrow());
        assertEquals(100, udp.maxReplyLength());
        assertEquals("AAAA", ((Checker.DnsCheck) cs.get(5)).type());
        assertEquals("me.example.net", ((Checker.SmtpCheck) cs.get(6)).heloName().orElseThrow());
        Checker.FileCheck file = (Checker.FileCheck) cs.get(8);
        assertEquals(-3, file.weight());
        assertTrue(file.reverse());
        assertTrue(file.dynamic());
        assertTrue(file.timing().isEmpty());
    }

    @Test
    void quorumAboveTheTotalWeightIsLoweredLikeKeepalivedDoes() {
        var r = ConfText.load(ConfText.service(" quorum 10").replace("real_server 198.51.100.1 80 {", "real_server 198.51.100.1 80 {\n weight 4"));
        VirtualServer v = r.config().orElseThrow().virtualServers().get(0);
        assertEquals(10, v.quorum(), "the configured value is kept");
        assertEquals(4, v.effectiveQuorum());
        assertEquals(1, vs(ConfText.service()).effectiveQuorum());
        assertTrue(r.hasWarnings());
    }

    private static String httpUrl(String... urlLines) {
        return "virtual_server 192.0.2.50 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n"
                + " real_server 198.51.100.1 80 {\n  HTTP_GET {\n   url {\n    path /s\n" + String.join("\n", urlLines)
                + "\n   }\n  }\n }\n}\n";
    }

    private static dev.fulcrum.conf.model.HttpUrl url(KeepalivedConfig c) {
        return ((Checker.HttpGet) c.virtualServers().get(0).realServers().get(0).checkers().get(0)).urls().get(0);
    }

    @Test
    void regexOptionsOffsetsAndStackAreModelled() {
        var u = url(ConfText.clean(httpUrl("    regex \"up\"", "    regex_options caseless multiline", "    regex_options dotall caseless",
                "    regex_min_offset 10", "    regex_max_offset 20", "    regex_stack 32768 65536")));
        assertEquals(List.of(dev.fulcrum.conf.model.RegexOption.CASELESS, dev.fulcrum.conf.model.RegexOption.MULTILINE,
                dev.fulcrum.conf.model.RegexOption.DOTALL), u.regexOptions(), "options accumulate, each once, first-written order");
        assertEquals(10, u.regexMinOffset().getAsLong());
        assertEquals(20, u.regexMaxOffset().getAsLong());
        assertEquals(new dev.fulcrum.conf.model.HttpUrl.RegexStack(32768, 65536), u.regexStack().orElseThrow());
    }

    @Test
    void badRegexSettingsPointAtTheValue() {
        var r = ConfText.load(httpUrl("    regex up", "    regex_min_offset -1", "    regex_max_offset ten",
                "    regex_stack 9"));
        List<String> lines = List.of(ConfText.lines(r).split("\n"));
        assertTrue(lines.contains(ConfText.FILE + ":10:22: error: number '-1' outside range [0, 9223372036854775806]"), lines::toString);
        assertTrue(lines.contains(ConfText.FILE + ":11:22: error: 'ten' is not an integer"), lines::toString);
        assertTrue(lines.contains(ConfText.FILE + ":12:5: error: 'regex_stack' needs START and MAX (bytes)"), lines::toString);
        var s = ConfText.load(httpUrl("    regex up", "    regex_stack 65536 4096"));
        assertEquals(List.of(ConfText.FILE + ":10:17: error: regex_stack START 65536 is above MAX 4096"), List.of(ConfText.lines(s).split("\n")));
    }

    @Test
    void regexOptionsKeepalivedDoesNotKnowOrJavaCannotHonourAreWarnings() {
        var r = ConfText.load(httpUrl("    regex up", "    regex_options caseless frobnicate ungreedy"));
        assertFalse(r.hasErrors(), () -> ConfText.lines(r));
        List<String> lines = List.of(ConfText.lines(r).split("\n"));
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith(ConfText.FILE + ":10:28: warning: unknown regex option 'frobnicate' is ignored (as keepalived does); known: allow_empty_class"), lines::toString);
        assertEquals(ConfText.FILE + ":10:39: warning: regex option 'ungreedy' cannot be honoured (Java has no flag that inverts quantifier "
                + "greediness): this url's regex is not evaluated (fulcrum probe lists it)", lines.get(1));
        assertEquals(List.of(dev.fulcrum.conf.model.RegexOption.CASELESS, dev.fulcrum.conf.model.RegexOption.UNGREEDY),
                url(r.config().orElseThrow()).regexOptions());
    }

    @Test
    void regexSettingsWithoutRegexAndInvertedOffsetsAreDroppedAsKeepalivedDoes() {
        var r = ConfText.load(httpUrl("    regex_options caseless", "    regex_no_match"));
        assertEquals(List.of(ConfText.FILE + ":9:5: warning: 'regex_options' without a regex in this url is ignored (as keepalived does)",
                ConfText.FILE + ":10:5: warning: 'regex_no_match' without a regex in this url is ignored (as keepalived does)"),
                List.of(ConfText.lines(r).split("\n")));
        var u = url(r.config().orElseThrow());
        assertEquals(List.of(), u.regexOptions());
        assertFalse(u.regexNoMatch());
        var inverted = ConfText.load(httpUrl("    regex up", "    regex_min_offset 30", "    regex_max_offset 20"));
        assertEquals(List.of(ConfText.FILE + ":7:4: warning: url /s: regex_min_offset 30 is above regex_max_offset 20; both are ignored "
                + "(as keepalived does)"), List.of(ConfText.lines(inverted).split("\n")));
        assertTrue(url(inverted.config().orElseThrow()).regexMinOffset().isEmpty());
        assertTrue(url(ConfText.clean(httpUrl("    regex up", "    regex_min_offset 20", "    regex_max_offset 20"))).regexMaxOffset().isPresent(),
                "min = max is one allowed start offset");
    }

    @Test
    void pingCheckBindPortIsAWarningAndBindtoIsKept() {
        var r = ConfText.load(ConfText.service().replace("TCP_CHECK {\n  }", "PING_CHECK {\n   bindto 192.0.2.7\n   bind_port 99\n  }"));
        assertEquals(List.of(ConfText.FILE + ":9:4: warning: PING_CHECK: bind_port has no meaning for ICMP echo and is ignored "
                + "(keepalived accepts it too)"), List.of(ConfText.lines(r).split("\n")));
        Checker.PingCheck p = (Checker.PingCheck) r.config().orElseThrow().virtualServers().get(0).realServers().get(0).checkers().get(0);
        assertEquals("192.0.2.7", p.target().bindTo().orElseThrow().getHostAddress());
    }
}

package dev.fulcrum.healthcheck.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckPlanFromConfigTest {
    static final String CONF = """
            track_file maint_flag {
                file /run/fulcrum-test/maint
            }
            virtual_server 203.0.113.10 80 {
                delay_loop 5
                protocol TCP
                alpha
                retry 2
                delay_before_retry 2
                connect_timeout 3
                warmup 5
                virtualhost www.example.net
                real_server 10.0.0.11 80 {
                    weight 10
                    HTTP_GET {
                        url {
                            path /healthz
                            status_code 200-299 503
                            regex "ok"
                        }
                        url {
                            path /version
                            digest 9B3A0C85A887A256D6939DA88AABD8CD
                        }
                        connect_port 8080
                        bindto 10.0.0.2
                        connect_timeout 2
                        retry 3
                        delay_before_retry 1
                        fast_recovery
                    }
                    FILE_CHECK {
                        track_file maint_flag
                        weight 0
                    }
                }
                real_server 10.0.0.13 80 {
                    weight 5
                    TCP_CHECK {
                        connect_timeout 2
                    }
                    MISC_CHECK {
                        misc_path "/usr/local/bin/check.sh 10.0.0.13"
                        misc_timeout 4
                        misc_dynamic
                    }
                }
            }
            virtual_server 203.0.113.20 53 {
                protocol UDP
                real_server 10.0.0.21 53 {
                    DNS_CHECK {
                        type A
                        name www.example.net
                    }
                    SSL_GET {
                        url {
                            path /
                        }
                        connect_port 443
                        enable_sni
                        sni_name api.example.net
                    }
                }
            }
            """;

    static CheckPlan plan() {
        ConfResult r = KeepalivedConf.parse(Path.of("/tmp/hc-test.conf"), CONF, LoadOptions.defaults());
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        KeepalivedConfig c = r.config().orElseThrow();
        return CheckPlanFromConfig.plan(c);
    }

    @Test
    void checkerValuesOverrideRealServerAndVirtualServerValues() {
        RealServerSpec rs = plan().servers().get(0);
        assertEquals("[203.0.113.10]:tcp:80", rs.virtualServer());
        assertEquals("[10.0.0.11]:tcp:80", rs.id());
        assertEquals(10, rs.weight());
        CheckerSpec.Http http = (CheckerSpec.Http) rs.checkers().get(0);
        // keepalived.conf §17 table: connect_timeout 2, retry 3, delay_before_retry 1, delay_loop 5 (VS), warmup 5, alpha (VS)
        assertEquals(new CheckTiming(Duration.ofSeconds(5), Duration.ofSeconds(2), 3, Duration.ofSeconds(1), Duration.ofSeconds(5), true), http.timing());
        assertEquals(8080, http.connection().target().getPort());
        assertEquals("10.0.0.11", http.connection().target().getAddress().getHostAddress());
        assertEquals("10.0.0.2", http.connection().bindTo().orElseThrow().getHostAddress());
        assertTrue(http.fastRecovery());
        assertEquals(2, http.urls().size());
        assertTrue(http.urls().get(0).statusCodes().accepts(503));
        assertFalse(http.urls().get(0).statusCodes().accepts(404));
        assertEquals(Optional.of("9b3a0c85a887a256d6939da88aabd8cd"), http.urls().get(1).digest());
        assertEquals(Optional.of("www.example.net"), http.urls().get(0).virtualhost(), "virtualhost inherited from the VS");
        CheckerSpec.File file = (CheckerSpec.File) rs.checkers().get(1);
        assertEquals(Path.of("/run/fulcrum-test/maint"), file.file());
        assertEquals(0, file.weight());
    }

    @Test
    void unevaluatedFeaturesAreListed() {
        ConfResult r = KeepalivedConf.parse(Path.of("/tmp/hc-test.conf"), CONF, LoadOptions.defaults());
        List<String> notes = CheckPlanFromConfig.unsupported(r.config().orElseThrow());
        assertEquals(List.of(), notes, "regex is evaluated now");
        CheckerSpec.Http http = (CheckerSpec.Http) plan().servers().get(0).checkers().get(0);
        assertEquals(Optional.of("ok"), http.urls().get(0).regex());
        assertEquals(false, http.urls().get(0).regexNoMatch());
    }

    @Test
    void regexOptionsAndOffsetsReachTheSpecAndUnhonourableOnesAreListed() {
        String conf = """
                virtual_server 203.0.113.10 80 {
                    protocol TCP
                    real_server 203.0.113.11 80 {
                        HTTP_GET {
                            url {
                                path /a
                                regex "state: up"
                                regex_options caseless firstline
                                regex_min_offset 4
                                regex_max_offset 64
                                regex_stack 32768 65536
                            }
                            url {
                                path /b
                                regex "a+"
                                regex_options ungreedy
                            }
                            url {
                                path /c
                                regex "(?<n>a)(?<n>b)"
                                regex_no_match
                            }
                        }
                    }
                }
                """;
        ConfResult r = KeepalivedConf.parse(Path.of("/tmp/hc-regex.conf"), conf, LoadOptions.defaults());
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        KeepalivedConfig config = r.config().orElseThrow();
        CheckerSpec.Http http = (CheckerSpec.Http) CheckPlanFromConfig.plan(config).servers().get(0).checkers().get(0);
        assertEquals(new dev.fulcrum.healthcheck.spec.UrlSpec.RegexMatching(java.util.regex.Pattern.CASE_INSENSITIVE, true, 4, 64),
                http.urls().get(0).regexMatching());
        assertEquals(Optional.of("state: up"), http.urls().get(0).regex());
        assertEquals(Optional.empty(), http.urls().get(1).regex(), "an option Java cannot honour: not evaluated");
        assertEquals(Optional.empty(), http.urls().get(2).regex());
        assertFalse(http.urls().get(2).regexNoMatch(), "an unevaluated regex_no_match must not fail every check");
        List<String> notes = CheckPlanFromConfig.unsupported(config);
        assertEquals(2, notes.size(), notes.toString());
        assertEquals("[203.0.113.10]:tcp:80 203.0.113.11:80 HTTP_GET url /b: regex_options ungreedy (Java has no flag that inverts quantifier "
                + "greediness) cannot be honoured by Java's regex engine; the regex is not evaluated", notes.get(0));
        assertTrue(notes.get(1).startsWith("[203.0.113.10]:tcp:80 203.0.113.11:80 HTTP_GET url /c: regex is not valid Java regex syntax ("), notes.get(1));
    }

    @Test
    void pingCheckOverIpv6WithBindIfIsEvaluated() {
        String conf = """
                virtual_server 2001:db8::100 80 {
                    protocol TCP
                    real_server 2001:db8::11 80 {
                        PING_CHECK {
                            bind_if hc0
                            connect_timeout 2
                            retry 4
                        }
                    }
                }
                """;
        ConfResult r = KeepalivedConf.parse(Path.of("/tmp/hc-ping.conf"), conf, LoadOptions.defaults());
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        KeepalivedConfig config = r.config().orElseThrow();
        assertEquals(List.of(), CheckPlanFromConfig.unsupported(config), "IPv6 and bind_if are both evaluated now");
        CheckerSpec.Ping ping = (CheckerSpec.Ping) CheckPlanFromConfig.plan(config).servers().get(0).checkers().get(0);
        assertEquals("2001:db8:0:0:0:0:0:11", ping.connection().target().getAddress().getHostAddress());
        assertEquals(Optional.of("hc0"), ping.connection().bindIf());
        assertEquals(4, ping.timing().retry());
        assertEquals(Duration.ofSeconds(2), ping.timing().connectTimeout());
    }

    @Test
    void virtualServerValuesAreInheritedWhenNothingIsOverridden() {
        RealServerSpec rs = plan().servers().get(1);
        CheckerSpec.Tcp tcp = (CheckerSpec.Tcp) rs.checkers().get(0);
        assertEquals(new CheckTiming(Duration.ofSeconds(5), Duration.ofSeconds(2), 2, Duration.ofSeconds(2), Duration.ofSeconds(5), true), tcp.timing());
        assertEquals(80, tcp.connection().target().getPort());
        CheckerSpec.Misc misc = (CheckerSpec.Misc) rs.checkers().get(1);
        assertEquals("/usr/local/bin/check.sh 10.0.0.13", misc.path());
        assertEquals(Duration.ofSeconds(4), misc.timeout());
        assertTrue(misc.dynamic());
        assertEquals(2, misc.timing().retry(), "VS retry beats MISC's default of 0");
    }

    @Test
    void perCheckerDefaultsApplyWithoutAnyTimingConfigured() {
        RealServerSpec rs = plan().servers().get(2);
        assertEquals("[10.0.0.21]:udp:53", rs.id());
        CheckerSpec.Dns dns = (CheckerSpec.Dns) rs.checkers().get(0);
        assertEquals(3, dns.timing().retry(), "DNS default retry");
        assertEquals(Duration.ofSeconds(60), dns.timing().delayBeforeRetry(), "DNS delay_before_retry = delay_loop");
        assertEquals("A", dns.type());
        CheckerSpec.Http ssl = (CheckerSpec.Http) rs.checkers().get(1);
        assertTrue(ssl.ssl());
        assertEquals(Duration.ofSeconds(3), ssl.timing().delayBeforeRetry(), "HTTP/SSL delay_before_retry 3 s");
        assertEquals(1, ssl.timing().retry());
        assertEquals(Duration.ofSeconds(60), ssl.timing().warmup());
        assertTrue(ssl.tls().enableSni());
        assertEquals(Optional.of("api.example.net"), ssl.tls().sniName());
        assertFalse(ssl.tls().verify(), "verification off by default, as in keepalived");
    }
}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.ConfText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each validation rule with a configuration that breaks it (the expected message must appear) and
 * the nearest configuration that does not (no diagnostic at all).
 */
class ValidationTest {
    private static final String I = ConfText.instance("VI_1");
    private static final String S = ConfText.service();
    /** Configs with scripts need script security to be clean (keepalived -t exits 6 otherwise). */
    private static final String SEC = "global_defs {\n enable_script_security\n}\n";

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("unknown keyword with suggestion",
                        I.replace("advert_int 1", "advert_intervall 1"), I,
                        "warning: unknown keyword 'advert_intervall'; did you mean advert_int?"),
                Arguments.of("unknown keyword in a virtual server",
                        S.replace("lvs_sched rr", "lvs_schd rr\n lvs_sched rr"), S,
                        "warning: unknown keyword 'lvs_schd'; did you mean lvs_sched?"),
                Arguments.of("priority out of range",
                        I.replace("priority 100", "priority 256"), I.replace("priority 100", "priority 255"),
                        "error: number '256' outside range [1, 255]"),
                Arguments.of("vrid out of range",
                        I.replace("virtual_router_id 51", "virtual_router_id 0"), I.replace("virtual_router_id 51", "virtual_router_id 1"),
                        "error: number '0' outside range [1, 255]"),
                Arguments.of("vrid missing",
                        I.replace(" virtual_router_id 51\n", ""), I,
                        "error: (VI_1) the virtual router id must be set"),
                Arguments.of("bad VIP",
                        I.replace("192.0.2.50/24", "192.0.2.500/24"), I,
                        "error: invalid IP address '192.0.2.500/24'"),
                Arguments.of("bad prefix length",
                        I.replace("192.0.2.50/24", "192.0.2.50/33"), I,
                        "error: invalid prefix length in '192.0.2.50/33' (0..32)"),
                Arguments.of("mixed VIP families",
                        I.replace("192.0.2.50/24 dev eth0", "192.0.2.50/24 dev eth0\n 2001:db8::1/64 dev eth0"),
                        ConfText.instance("VI_1", " virtual_ipaddress_excluded {\n 2001:db8::1/64 dev eth0\n }"),
                        "error: (VI_1) mixed address families in virtual_ipaddress: 2001:db8::1 is inet6 but 192.0.2.50/24 is inet; put the other family in virtual_ipaddress_excluded"),
                Arguments.of("duplicate VRID on one interface",
                        I + ConfText.instance("VI_2"),
                        I + ConfText.instance("VI_2").replace("interface eth0", "interface eth1"),
                        "error: (VI_2) virtual_router_id 51 is already used by VI_1 on interface eth0 (inet)"),
                Arguments.of("unknown track_script",
                        ConfText.instance("VI_1", " track_script {\n chk\n }"),
                        SEC + "vrrp_script chk {\n script /bin/true\n}\n" + ConfText.instance("VI_1", " track_script {\n chk\n }"),
                        "error: (VI_1) unknown track_script 'chk' (no vrrp_script of that name)"),
                Arguments.of("unknown track_file",
                        ConfText.instance("VI_1", " track_file {\n tf\n }"),
                        "track_file tf {\n file /run/x\n}\n" + ConfText.instance("VI_1", " track_file {\n tf\n }"),
                        "error: (VI_1) unknown track_file 'tf' (no track_file block of that name)"),
                Arguments.of("nopreempt with state MASTER",
                        ConfText.instance("VI_1", " nopreempt").replace("state BACKUP", "state MASTER"),
                        ConfText.instance("VI_1", " nopreempt"),
                        "error: (VI_1) nopreempt is incompatible with state MASTER; use state BACKUP on every node"),
                Arguments.of("strict mode MASTER must be owner",
                        "global_defs {\n vrrp_strict\n}\n" + I.replace("state BACKUP", "state MASTER"),
                        "global_defs {\n vrrp_strict\n}\n" + I.replace("state BACKUP", "state MASTER").replace("priority 100", "priority 255"),
                        "error: (VI_1) State MASTER must match being address owner (strict mode)"),
                Arguments.of("no interface",
                        ConfText.instance("VI_1", " unicast_peer {\n 192.0.2.2\n }").replace(" interface eth0\n", ""),
                        ConfText.instance("VI_1", " unicast_peer {\n 192.0.2.2\n }"),
                        "error: (VI_1) no interface set"),
                Arguments.of("bad address in a virtual route",
                        ConfText.instance("VI_1", " virtual_routes {\n 198.51.100.0/24 via 203.0.113.300 dev eth0\n }"),
                        ConfText.instance("VI_1", " virtual_routes {\n 198.51.100.0/24 via 203.0.113.3 dev eth0\n }"),
                        "error: (VI_1) invalid address '203.0.113.300' in a virtual route or rule"),
                Arguments.of("block after a keyword that takes none",
                        ConfText.instance("VI_1").replace("interface eth0", "interface ${UNDEFINED}"),
                        ConfText.instance("VI_1"),
                        "error: unexpected '{' after 'interface' in vrrp_instance: it takes no block (an undefined ${PARAMETER} or a missing line break?)"),
                Arguments.of("duplicate tracker reference",
                        ConfText.instance("VI_1", " track_interface {\n eth1\n eth1\n }"),
                        ConfText.instance("VI_1", " track_interface {\n eth1\n }"),
                        "warning: duplicate track_interface eth1 - ignoring"),
                Arguments.of("notify script given twice",
                        ConfText.instance("VI_1", " notify_master /bin/a", " notify_master /bin/b"),
                        SEC + ConfText.instance("VI_1", " notify_master /bin/a"),
                        "warning: notify_master script already specified - ignoring this one"),
                Arguments.of("scripts without script security",
                        ConfText.instance("VI_1", " notify_master /bin/a"),
                        SEC + ConfText.instance("VI_1", " notify_master /bin/a"),
                        "warning: scripts are configured but enable_script_security is not set (keepalived reports a SECURITY VIOLATION)"),
                Arguments.of("no VIP",
                        I.replace(" virtual_ipaddress {\n  192.0.2.50/24 dev eth0\n }\n", ""), I,
                        "warning: (VI_1) No VIP specified; at least one is sensible"),
                Arguments.of("bad unicast peer",
                        ConfText.instance("VI_1", " unicast_peer {\n 192.0.2.300\n }"),
                        ConfText.instance("VI_1", " unicast_peer {\n 192.0.2.30\n }"),
                        "error: invalid IP address '192.0.2.300'"),
                Arguments.of("unicast peer family",
                        ConfText.instance("VI_1", " unicast_peer {\n 2001:db8::2\n }"),
                        ConfText.instance("VI_1", " unicast_peer {\n 192.0.2.2\n }"),
                        "error: (VI_1) unicast peer 2001:db8::2 is not of the VIP family inet"),
                Arguments.of("sync group with unknown member",
                        I + "vrrp_sync_group SG {\n group {\n VI_1\n VI_X\n }\n}\n",
                        I + ConfText.instance("VI_X").replace("virtual_router_id 51", "virtual_router_id 52")
                                + "vrrp_sync_group SG {\n group {\n VI_1\n VI_X\n }\n}\n",
                        "error: vrrp_sync_group SG: unknown vrrp_instance 'VI_X'"),
                Arguments.of("instance in two sync groups",
                        I + ConfText.instance("VI_2").replace("51", "52") + ConfText.instance("VI_3").replace("51", "53")
                                + "vrrp_sync_group A {\n group {\n VI_1\n VI_2\n }\n}\nvrrp_sync_group B {\n group {\n VI_1\n VI_3\n }\n}\n",
                        I + ConfText.instance("VI_2").replace("51", "52") + ConfText.instance("VI_3").replace("51", "53")
                                + "vrrp_sync_group A {\n group {\n VI_1\n VI_2\n }\n}\n",
                        "error: vrrp_instance VI_1 is already in vrrp_sync_group A"),
                Arguments.of("duplicate instance name",
                        I + I.replace("51", "52"), I,
                        "error: duplicate vrrp_instance VI_1"),
                Arguments.of("hysteresis not below quorum",
                        ConfText.service(" quorum 2", " hysteresis 2").replace("real_server 198.51.100.1 80 {", "real_server 198.51.100.1 80 {\n weight 3"),
                        ConfText.service(" quorum 2", " hysteresis 1").replace("real_server 198.51.100.1 80 {", "real_server 198.51.100.1 80 {\n weight 3"),
                        "error: Virtual server 192.0.2.50 80: hysteresis 2 must be less than quorum 2"),
                Arguments.of("quorum above total weight",
                        ConfText.service(" quorum 5"), ConfText.service(" quorum 1"),
                        "warning: Virtual server 192.0.2.50 80: quorum 5 exceeds total weight of real servers 1, reducing quorum to 1"),
                Arguments.of("real server without port",
                        S.replace("real_server 198.51.100.1 80", "real_server 198.51.100.1").replace("TCP_CHECK {", "TCP_CHECK {\n connect_port 80"),
                        ConfText.service(" persistence_timeout 60").replace("real_server 198.51.100.1 80", "real_server 198.51.100.1")
                                .replace("TCP_CHECK {", "TCP_CHECK {\n connect_port 80"),
                        "error: Virtual server 192.0.2.50 80: real_server 198.51.100.1 needs a port (only fwmark or persistent services may omit it)"),
                Arguments.of("real server family",
                        S.replace("198.51.100.1 80", "2001:db8::1 80"),
                        S.replace("198.51.100.1 80", "2001:db8::1 80").replace("lvs_method NAT", "lvs_method TUN"),
                        "error: Virtual server 192.0.2.50 80: real_server [2001:db8::1]:80 is inet6 but the service is inet (only TUN destinations may differ)"),
                Arguments.of("unknown scheduler",
                        S.replace("lvs_sched rr", "lvs_sched wrrr"), S.replace("lvs_sched rr", "lvs_sched wrr"),
                        "error: unknown scheduler 'wrrr' (one of dh fo lblc lblcr lc mh nq ovf rr sed sh twos wlc wrr)"),
                Arguments.of("missing protocol",
                        S.replace(" protocol TCP\n", ""), S,
                        "warning: Virtual server 192.0.2.50 80: no protocol set - defaulting to UDP"),
                Arguments.of("missing scheduler",
                        S.replace(" lvs_sched rr\n", ""), S,
                        "warning: Virtual server 192.0.2.50 80: no scheduler set, setting default 'wlc'"),
                Arguments.of("missing forwarding method",
                        S.replace(" lvs_method NAT\n", ""), S,
                        "warning: Virtual server 192.0.2.50 80: no forwarding method set, setting default NAT"),
                Arguments.of("protocol on fwmark service",
                        S.replace("192.0.2.50 80", "fwmark 3").replace("198.51.100.1 80", "198.51.100.1 0").replace("TCP_CHECK {", "TCP_CHECK {\n connect_port 80"),
                        S.replace("192.0.2.50 80", "fwmark 3").replace(" protocol TCP\n", "").replace("198.51.100.1 80", "198.51.100.1 0").replace("TCP_CHECK {", "TCP_CHECK {\n connect_port 80"),
                        "warning: Virtual server fwmark 3: protocol specified for fwmark - protocol will be ignored"),
                Arguments.of("bad granularity",
                        ConfText.service(" persistence_timeout 60", " persistence_granularity 255.0.255.0"),
                        ConfText.service(" persistence_timeout 60", " persistence_granularity 255.255.0.0"),
                        "error: persistence_granularity '255.0.255.0' is not a netmask"),
                Arguments.of("group service with unknown group",
                        S.replace("192.0.2.50 80", "group G"),
                        "virtual_server_group G {\n 192.0.2.50 80\n}\n" + S.replace("192.0.2.50 80", "group G"),
                        "error: virtual_server group 'G': no virtual_server_group of that name"),
                Arguments.of("duplicate virtual server",
                        S + S, S + S.replace("192.0.2.50 80", "192.0.2.50 81"),
                        "error: duplicate virtual_server [192.0.2.50]:tcp:80 (first defined at /nonexistent/test.conf:1:1)"),
                Arguments.of("FILE_CHECK with unknown track_file",
                        S.replace("TCP_CHECK {", "FILE_CHECK {\n track_file nope"),
                        "track_file nope {\n file /run/n\n}\n" + S.replace("TCP_CHECK {", "FILE_CHECK {\n track_file nope"),
                        "error: FILE_CHECK: unknown track_file 'nope' (no track_file block of that name)"),
                Arguments.of("HTTP_GET without url",
                        S.replace("TCP_CHECK {", "HTTP_GET {"),
                        S.replace("TCP_CHECK {", "HTTP_GET {\n url {\n path /\n }"),
                        "error: HTTP_GET needs at least one url { path ... }"),
                Arguments.of("bad status code",
                        S.replace("TCP_CHECK {", "HTTP_GET {\n url {\n path /\n status_code 299-200\n }"),
                        S.replace("TCP_CHECK {", "HTTP_GET {\n url {\n path /\n status_code 200-299\n }"),
                        "error: invalid HTTP status code or range '299-200' (100-599)"),
                Arguments.of("bad digest",
                        S.replace("TCP_CHECK {", "HTTP_GET {\n url {\n path /\n digest xyz\n }"),
                        S.replace("TCP_CHECK {", "HTTP_GET {\n url {\n path /\n digest 0123456789abcdef0123456789abcdef\n }"),
                        "error: digest must be 32 hex digits (an MD5), not 'xyz'"),
                Arguments.of("child_wait_time inside global_defs",
                        "global_defs {\n child_wait_time 10\n}\n", "child_wait_time 10\n",
                        "error: unknown keyword 'child_wait_time' in global_defs; it belongs at the outermost level"),
                Arguments.of("not a boolean",
                        I.replace("priority 100", "priority 100\n smtp_alert maybe"), I.replace("priority 100", "priority 100\n smtp_alert yes"),
                        "error: 'maybe' is not a boolean (on|off|true|false|yes|no)"),
                Arguments.of("track interface on member and group",
                        I + ConfText.instance("VI_2").replace("51", "52") + "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n track_interface {\n eth0\n }\n}\n",
                        I + ConfText.instance("VI_2").replace("51", "52") + "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n track_interface {\n eth2\n }\n}\n",
                        "warning: (VI_1) track_interface eth0 is configured on VRRP instance and sync group G; remove one of them"),
                Arguments.of("unterminated quote",
                        I.replace("priority 100", "priority 100\n notify_master \"/bin/x"), SEC + I.replace("priority 100", "priority 100\n notify_master \"/bin/x\""),
                        "error: unterminated quoted string"),
                Arguments.of("virtual server without real servers",
                        "virtual_server 192.0.2.50 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n}\n", S,
                        "warning: Virtual server 192.0.2.50 80 has no real servers - ignoring"),
                Arguments.of("unicast keyword without peers",
                        ConfText.instance("VI_1", " unicast_src_ip 192.0.2.1"),
                        ConfText.instance("VI_1", " unicast_src_ip 192.0.2.1", " unicast_peer {\n 192.0.2.2\n }"),
                        "warning: (VI_1) A unicast keyword has been specified without any unicast peers; defaulting to multicast"),
                Arguments.of("preempt_delay with state MASTER",
                        ConfText.instance("VI_1", " preempt_delay 10").replace("state BACKUP", "state MASTER"),
                        ConfText.instance("VI_1", " preempt_delay 10"),
                        "warning: (VI_1) preempt_delay is ignored with state MASTER"),
                Arguments.of("sync group with one member",
                        I + "vrrp_sync_group G {\n group {\n VI_1\n }\n}\n",
                        I + ConfText.instance("VI_2").replace("51", "52") + "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n}\n",
                        "warning: vrrp_sync_group G has only one member"),
                Arguments.of("brace damage",
                        I.substring(0, I.length() - 2), I,
                        "error: missing '}': block 'vrrp_instance' opened here is never closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleFiresOnlyWhenBroken(String rule, String broken, String fixed, String expected) {
        ConfResult bad = ConfText.load(broken);
        assertTrue(ConfText.messages(bad).contains(expected), () -> rule + ": expected '" + expected + "' in:\n" + ConfText.lines(bad));
        if (expected.startsWith("error")) {
            assertTrue(bad.config().isEmpty(), "an error means no model");
        } else {
            assertFalse(bad.config().isEmpty(), "a warning keeps the model");
        }
        ConfResult good = ConfText.load(fixed);
        assertTrue(good.diagnostics().isEmpty(), () -> rule + ": the fixed config should be clean:\n" + ConfText.lines(good));
    }
}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.syntax.Statement;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which keywords open a block, per context. A block after any other keyword is an error (keepalived:
 * "Unexpected '{' - ignoring"): it usually means an undefined {@code ${PARAM}} or a missing line break,
 * and silently dropping the block would hide real configuration.
 */
final class BlockShape {
    private static final Set<String> TRACK = Set.of("track_interface", "track_script", "track_file", "track_process",
            "track_bfd", "track_group");

    /** Context keyword -> keywords that take a block inside it. Contexts not listed are not checked. */
    private static final Map<String, Set<String>> BLOCKS = Map.ofEntries(
            Map.entry("", Set.of("global_defs", "vrrp_script", "track_file", "vrrp_track_file", "vrrp_track_process",
                    "vrrp_sync_group", "vrrp_instance", "virtual_server_group", "virtual_server", "SSL", "linkbeat_interfaces",
                    "interface_up_down_delays", "track_group", "static_ipaddress", "static_routes", "static_rules",
                    "garp_group", "bfd_instance")),
            Map.entry("global_defs", Set.of("notification_email")),
            Map.entry("vrrp_script", Set.of()),
            Map.entry("track_file", Set.of()),
            Map.entry("vrrp_track_file", Set.of()),
            Map.entry("vrrp_track_process", Set.of()),
            Map.entry("vrrp_sync_group", union(TRACK, Set.of("group"))),
            Map.entry("vrrp_instance", union(TRACK, Set.of("authentication", "auth_hmac", "virtual_ipaddress",
                    "virtual_ipaddress_excluded", "virtual_routes", "virtual_rules", "unicast_peer"))),
            Map.entry("virtual_server_group", Set.of()),
            Map.entry("virtual_server", Set.of("real_server")),
            Map.entry("real_server", Keywords.CHECKERS),
            Map.entry("HTTP_GET", Set.of("url")),
            Map.entry("SSL_GET", Set.of("url")),
            Map.entry("SMTP_CHECK", Set.of("host")),
            Map.entry("TCP_CHECK", Set.of()),
            Map.entry("MISC_CHECK", Set.of()),
            Map.entry("UDP_CHECK", Set.of()),
            Map.entry("DNS_CHECK", Set.of()),
            Map.entry("PING_CHECK", Set.of()),
            Map.entry("FILE_CHECK", Set.of()),
            Map.entry("url", Set.of()),
            Map.entry("authentication", Set.of()),
            Map.entry("virtual_ipaddress", Set.of()),
            Map.entry("virtual_ipaddress_excluded", Set.of()),
            Map.entry("unicast_peer", Set.of()),
            Map.entry("group", Set.of()),
            Map.entry("notification_email", Set.of()),
            Map.entry("track_interface", Set.of()),
            Map.entry("track_script", Set.of()),
            Map.entry("track_process", Set.of()));

    /** Context -> its keywords; an unknown keyword is already reported as such, so only known ones are checked. */
    private static final Map<String, Set<String>> KNOWN = Map.ofEntries(
            Map.entry("", Keywords.TOP), Map.entry("global_defs", Keywords.GLOBAL), Map.entry("vrrp_script", Keywords.VRRP_SCRIPT),
            Map.entry("track_file", Keywords.TRACK_FILE), Map.entry("vrrp_track_file", Keywords.TRACK_FILE),
            Map.entry("vrrp_track_process", Keywords.TRACK_PROCESS), Map.entry("vrrp_sync_group", Keywords.SYNC_GROUP),
            Map.entry("vrrp_instance", Keywords.INSTANCE), Map.entry("virtual_server", Keywords.VS), Map.entry("real_server", Keywords.RS),
            Map.entry("HTTP_GET", Keywords.HTTP), Map.entry("SSL_GET", Keywords.HTTP), Map.entry("SMTP_CHECK", Keywords.SMTP),
            Map.entry("TCP_CHECK", Keywords.COMMON_CHECK), Map.entry("MISC_CHECK", Keywords.MISC), Map.entry("UDP_CHECK", Keywords.UDP),
            Map.entry("DNS_CHECK", Keywords.DNS), Map.entry("PING_CHECK", Keywords.COMMON_CHECK),
            Map.entry("FILE_CHECK", Keywords.FILE_CHECK), Map.entry("url", Keywords.URL), Map.entry("authentication", Keywords.AUTH));

    private BlockShape() {
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    /** One top-level statement and everything in it. */
    static void check(Statement top, Findings f) {
        walk("", List.of(top), f);
    }

    private static void walk(String context, List<Statement> statements, Findings f) {
        Set<String> blocks = BLOCKS.get(context);
        if (blocks == null) {
            return;
        }
        Set<String> known = KNOWN.get(context);
        for (int i = 0; i < statements.size(); i++) {
            Statement s = statements.get(i);
            if (!s.hasBlock()) {
                continue;
            }
            if (blocks.contains(s.name())) {
                walk(s.name(), s.children(), f);
            } else if (known == null || known.contains(s.name())) {
                f.error(s.pos(), "unexpected '{' after '" + s.name() + "'" + (context.isEmpty() ? "" : " in " + context)
                        + ": it takes no block (an undefined ${PARAMETER} or a missing line break?)");
            }
        }
    }
}

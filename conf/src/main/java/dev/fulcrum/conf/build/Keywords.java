package dev.fulcrum.conf.build;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The keywords each block accepts, including the ones a director ignores (SNMP, DBus, BFD ...), so that
 * only real typos are reported, each with the closest known keyword.
 */
final class Keywords {
    private Keywords() {
    }

    static final Set<String> TOP = Set.of("global_defs", "vrrp_script", "track_file", "vrrp_track_file",
            "vrrp_track_process", "vrrp_sync_group", "vrrp_instance", "virtual_server_group", "virtual_server",
            "SSL", "linkbeat_interfaces", "interface_up_down_delays", "track_group", "static_ipaddress",
            "static_routes", "static_rules", "garp_group", "bfd_instance", "net_namespace", "net_namespace_ipvs",
            "namespace_with_ipsets", "instance", "use_pid_dir", "linkbeat_use_polling", "child_wait_time");

    static final Set<String> GLOBAL = set("router_id", "notification_email", "notification_email_from",
            "smtp_server", "smtp_helo_name", "smtp_connect_timeout", "smtp_alert", "smtp_alert_vrrp",
            "smtp_alert_checker", "no_email_faults", "no_checker_emails", "checker_log_all_failures", "script_user",
            "enable_script_security", "startup_script", "startup_script_timeout", "shutdown_script",
            "shutdown_script_timeout", "vrrp_version", "vrrp_mcast_group4", "vrrp_mcast_group6",
            "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_lower_prio_delay",
            "vrrp_garp_lower_prio_repeat", "vrrp_garp_master_refresh", "vrrp_garp_master_refresh_repeat",
            "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_min_garp", "vrrp_garp_extra_if",
            "vrrp_down_timer_adverts", "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert",
            "vrrp_check_unicast_src", "vrrp_skip_check_adv_addr", "vrrp_strict", "vrrp_startup_delay",
            "vrrp_delay_after_boot", "vrrp_notify_priority_changes", "fifo_write_vrrp_states_on_reload",
            "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script", "lvs_notify_fifo",
            "lvs_notify_fifo_script", "lvs_sync_daemon", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop",
            "nftables", "nftables_priority", "nftables_ifindex", "nftables_counters", "nftables_ipvs",
            "nftables_ipvs_start_fwmark", "vrrp_iptables", "vrrp_ipsets", "dynamic_interfaces", "enable_snmp_vrrp",
            "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_traps",
            "snmp_socket", "snmp_vs_stats_update_interval", "snmp_rs_stats_update_interval", "enable_dbus",
            "dbus_service_name", "max_auto_priority", "min_auto_priority_delay", "vrrp_priority",
            "checker_priority", "bfd_priority", "vrrp_rt_priority", "checker_rt_priority", "bfd_rt_priority",
            "vrrp_no_swap", "checker_no_swap", "bfd_no_swap", "vrrp_cpu_affinity", "checker_cpu_affinity",
            "bfd_cpu_affinity", "vrrp_rlimit_rttime", "checker_rlimit_rttime", "bfd_rlimit_rttime",
            "rs_init_notifies", "reload_check_config", "reload_time_file", "reload_repeat", "reload_file",
            "config_save_dir", "tmp_config_directory", "include_check", "state_dump_file", "stats_dump_file",
            "json_dump_file", "data_use_instance", "process_names", "process_name", "vrrp_process_name",
            "checker_process_name", "lvs_process_name", "bfd_process_name", "umask", "random_seed", "vmac_prefix",
            "default_interface", "log_unknown_vrids", "disable_local_igmp", "vrrp_netlink_cmd_rcv_bufs",
            "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
            "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
            "lvs_netlink_monitor_rcv_bufs_force", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier",
            "vrrp_startup_delay", "vrrp_owner_ignore_adverts", "vrrp_garp_extra_if", "vrrp_gna_interval",
            "linkbeat_use_polling", "enable_traps", "checker_log_all_failures", "use_pid_dir",
            "vrrp_track_process_fork_delay", "vrrp_track_process_terminate_delay", "script_security");

    static final Set<String> VRRP_SCRIPT = Set.of("script", "interval", "timeout", "weight", "rise", "fall",
            "user", "init_fail");

    static final Set<String> TRACK_FILE = Set.of("file", "weight", "init_file");

    static final Set<String> TRACK_PROCESS = Set.of("process", "param_match", "weight", "quorum", "quorum_max",
            "fork_delay", "terminate_delay", "delay", "full_command");

    static final Set<String> TRACKERS = Set.of("track_interface", "track_script", "track_file", "track_process",
            "track_bfd");

    static final Set<String> SYNC_GROUP = union(TRACKERS, Set.of("group", "notify_master", "notify_backup",
            "notify_fault", "notify_stop", "notify", "notify_priority_changes", "smtp_alert",
            "sync_group_tracking_weight", "global_tracking"));

    static final Set<String> INSTANCE = union(TRACKERS, Set.of("state", "interface", "vrf", "virtual_router_id",
            "priority", "advert_int", "version", "nopreempt", "preempt", "preempt_delay", "authentication",
            "auth_hmac", "virtual_ipaddress", "virtual_ipaddress_excluded", "no_virtual_ipaddress",
            "promote_secondaries", "virtual_routes", "virtual_rules", "unicast_src_ip", "unicast_peer",
            "unicast_ttl", "unicast_fault_no_peer", "check_unicast_src", "mcast_src_ip", "mcast_dst_ip",
            "track_src_ip", "dont_track_primary", "notify_master", "notify_backup", "notify_fault", "notify_stop",
            "notify", "notify_deleted", "notify_master_rx_lower_pri", "notify_priority_changes", "smtp_alert",
            "garp_master_delay", "garp_master_repeat", "garp_lower_prio_delay", "garp_lower_prio_repeat",
            "garp_master_refresh", "garp_master_refresh_repeat", "garp_extra_if", "vmac_garp_intvl",
            "down_timer_adverts", "lower_prio_no_advert", "higher_prio_send_advert", "timer_expired_backup",
            "thread_timer_expired", "owner_ignore_adverts", "skip_check_adv_addr", "strict_mode", "accept",
            "no_accept", "use_vmac", "use_vmac_addr", "vmac_xmit_base", "use_ipvlan", "old_unicast_checksum",
            "v3_checksum_as_v2", "native_ipv6", "linkbeat_use_polling", "lvs_sync_daemon_interface", "debug",
            "kernel_rx_buf_size", "track_group"));

    static final Set<String> AUTH = Set.of("auth_type", "auth_pass");

    static final Set<String> TIMING = Set.of("connect_timeout", "retry", "nb_get_retry", "delay_before_retry",
            "warmup", "delay_loop", "alpha", "log_all_failures");

    static final Set<String> VS = union(TIMING, Set.of("lvs_sched", "lb_algo", "flag-1", "flag-2", "flag-3",
            "sh-port", "sh-fallback", "mh-port", "mh-fallback", "ops", "hashed", "lvs_method", "lb_kind",
            "persistence_engine", "persistence_timeout", "persistence_granularity", "protocol", "ha_suspend",
            "omega", "quorum", "hysteresis", "quorum_up", "quorum_down", "sorry_server", "sorry_server_inhibit",
            "sorry_server_lvs_method", "virtualhost", "snmp_name", "smtp_alert", "ip_family", "weight",
            "inhibit_on_failure", "real_server"));

    static final Set<String> CHECKERS = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK", "UDP_CHECK",
            "DNS_CHECK", "SMTP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK");

    static final Set<String> RS = union(union(TIMING, CHECKERS), Set.of("weight", "lvs_method", "notify_up",
            "notify_down", "uthreshold", "lthreshold", "inhibit_on_failure", "smtp_alert", "virtualhost",
            "snmp_name"));

    static final Set<String> CONNECTION = Set.of("connect_ip", "connect_port", "bindto", "bind_if", "bind_port",
            "fwmark");

    static final Set<String> COMMON_CHECK = union(CONNECTION, TIMING);

    static final Set<String> HTTP = union(COMMON_CHECK, Set.of("http_protocol", "fast_recovery", "virtualhost",
            "url", "enable_sni", "sni_name", "tls_compliant"));

    static final Set<String> URL = Set.of("path", "digest", "status_code", "virtualhost", "regex",
            "regex_no_match", "regex_options", "regex_stack", "regex_min_offset", "regex_max_offset",
            "tls_compliant");

    static final Set<String> MISC = Set.of("misc_path", "misc_timeout", "misc_dynamic", "user", "alpha", "retry",
            "delay_before_retry", "warmup", "delay_loop", "log_all_failures");

    static final Set<String> UDP = union(COMMON_CHECK, Set.of("payload", "require_reply", "min_reply_length",
            "max_reply_length"));

    static final Set<String> DNS = union(COMMON_CHECK, Set.of("type", "name"));

    static final Set<String> SMTP = union(COMMON_CHECK, Set.of("helo_name", "host"));

    static final Set<String> FILE_CHECK = Set.of("track_file", "weight", "dynamic");

    private static Set<String> set(String... words) {
        return Set.copyOf(java.util.Arrays.asList(words));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    /** "unknown keyword 'X'" plus the closest known keyword when one is near enough. */
    static String unknown(String word, Collection<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : List.copyOf(known).stream().sorted().toList()) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        String msg = "unknown keyword '" + word + "'";
        int limit = Math.max(2, word.length() / 3);
        if (best != null && (bestD <= limit || best.startsWith(word) || word.startsWith(best))) {
            msg += "; did you mean " + best + "?";
        }
        return msg;
    }

    static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Math.max(a.length(), b.length());
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

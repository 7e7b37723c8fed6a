package dev.fulcrum.conf.build;

import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.GarpSettings;
import dev.fulcrum.conf.model.GlobalDefs;
import dev.fulcrum.conf.model.LvsFlushOnStop;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.conf.model.LvsTimeouts;
import dev.fulcrum.conf.model.ScriptUser;
import dev.fulcrum.conf.syntax.Statement;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads {@code global_defs} (and the outermost {@code child_wait_time}) into {@link GlobalDefs}. */
final class GlobalDefsBuilder {
    private final Findings f;
    private final Values v;

    Optional<String> routerId = Optional.empty();
    final List<String> emails = new ArrayList<>();
    Optional<String> emailFrom = Optional.empty();
    Optional<Endpoint> smtpServer = Optional.empty();
    Optional<String> smtpHelo = Optional.empty();
    Duration smtpConnectTimeout = Duration.ofSeconds(30);
    Optional<Boolean> smtpAlert = Optional.empty();
    boolean checkerLogAllFailures;
    Optional<ScriptUser> scriptUser = Optional.empty();
    boolean scriptSecurity;
    int vrrpVersion = 2;
    InetAddress group4 = Values.parseAddress("224.0.0.18").orElseThrow();
    InetAddress group6 = Values.parseAddress("ff02::12").orElseThrow();
    Duration garpMasterDelay = Duration.ofSeconds(5);
    int garpMasterRepeat = 5;
    Optional<Duration> garpLowerPrioDelay = Optional.empty();
    Optional<Integer> garpLowerPrioRepeat = Optional.empty();
    Duration garpMasterRefresh = Duration.ZERO;
    int garpMasterRefreshRepeat = 1;
    Duration garpInterval = Duration.ZERO;
    Duration gnaInterval = Duration.ZERO;
    boolean minGarp;
    int downTimerAdverts = 3;
    boolean lowerPrioNoAdvert;
    boolean higherPrioSendAdvert;
    boolean checkUnicastSrc;
    boolean skipCheckAdvAddr;
    boolean strict;
    Duration startupDelay = Duration.ZERO;
    Optional<String> notifyFifo = Optional.empty();
    Optional<String> vrrpNotifyFifo = Optional.empty();
    Optional<String> lvsNotifyFifo = Optional.empty();
    SyncDaemonSpec syncDaemon;
    LvsTimeouts timeouts = LvsTimeouts.UNSET;
    boolean lvsFlush;
    LvsFlushOnStop flushOnStop = LvsFlushOnStop.OFF;
    Optional<String> defaultInterface = Optional.empty();
    Duration childWaitTime = GlobalDefs.DEFAULT_CHILD_WAIT_TIME;
    OptionalInt rtPriority = OptionalInt.empty();
    boolean noSwap;
    OptionalInt nice = OptionalInt.empty();

    /** lvs_sync_daemon as written; the sync id is resolved after the instances are known. */
    record SyncDaemonSpec(Statement at, String iface, Optional<String> instance, OptionalInt id, OptionalInt maxLen,
                          int port, OptionalInt ttl, InetAddress group) {
    }

    GlobalDefsBuilder(Findings f, Values v) {
        this.f = f;
        this.v = v;
    }

    void childWaitTime(Statement s) {
        v.timer(s, 0, 3600).ifPresent(d -> childWaitTime = d);
    }

    void read(Statement block) {
        for (Statement s : block.children()) {
            String k = s.name();
            if (!Keywords.GLOBAL.contains(k)) {
                if (k.equals("child_wait_time")) {
                    f.error(s.pos(), "unknown keyword 'child_wait_time' in global_defs; it belongs at the outermost level");
                } else {
                    f.warning(s.pos(), Keywords.unknown(k, Keywords.GLOBAL));
                }
                continue;
            }
            switch (k) {
                case "router_id" -> v.arg(s).ifPresent(t -> routerId = Optional.of(t.text()));
                case "notification_email" -> {
                    for (Statement e : s.children()) {
                        emails.add(e.name());
                    }
                    for (Token t : s.args()) {
                        emails.add(t.text());
                    }
                }
                case "notification_email_from" -> v.arg(s).ifPresent(t -> emailFrom = Optional.of(t.text()));
                case "smtp_server" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'smtp_server' needs an address");
                    } else {
                        Optional<InetAddress> a = v.address(s.args().get(0));
                        int port = s.args().size() > 1 ? v.port(s.args().get(1)) : 25;
                        a.ifPresent(x -> smtpServer = Optional.of(new Endpoint(x, port)));
                    }
                }
                case "smtp_helo_name" -> v.arg(s).ifPresent(t -> smtpHelo = Optional.of(t.text()));
                case "smtp_connect_timeout" -> v.timer(s, 1, 3600).ifPresent(d -> smtpConnectTimeout = d);
                case "smtp_alert" -> smtpAlert = Optional.of(v.flag(s));
                case "checker_log_all_failures" -> checkerLogAllFailures = v.flag(s);
                case "script_user" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'script_user' needs a user name");
                    } else {
                        scriptUser = Optional.of(Values.user(s.args()));
                    }
                }
                case "enable_script_security" -> scriptSecurity = v.flag(s);
                case "vrrp_version" -> v.intValue(s, 2, 3).ifPresent(x -> vrrpVersion = x);
                case "vrrp_mcast_group4" -> v.address(s).ifPresent(a -> group4 = a);
                case "vrrp_mcast_group6" -> v.address(s).ifPresent(a -> group6 = a);
                case "vrrp_garp_master_delay" -> v.timer(s, 0, 4294).ifPresent(d -> garpMasterDelay = d);
                case "vrrp_garp_master_repeat" -> v.intValue(s, 0, Integer.MAX_VALUE).ifPresent(x -> garpMasterRepeat = x);
                case "vrrp_garp_lower_prio_delay" -> v.timer(s, 0, 4294).ifPresent(d -> garpLowerPrioDelay = Optional.of(d));
                case "vrrp_garp_lower_prio_repeat" -> v.intValue(s, 0, Integer.MAX_VALUE).ifPresent(x -> garpLowerPrioRepeat = Optional.of(x));
                case "vrrp_garp_master_refresh" -> v.intValue(s, 0, Integer.MAX_VALUE).ifPresent(x -> garpMasterRefresh = Duration.ofSeconds(x));
                case "vrrp_garp_master_refresh_repeat" -> v.intValue(s, 0, Integer.MAX_VALUE).ifPresent(x -> garpMasterRefreshRepeat = x);
                case "vrrp_garp_interval" -> v.timer(s, 0.000001, 4294.967295).ifPresent(d -> garpInterval = d);
                case "vrrp_gna_interval" -> v.timer(s, 0.000001, 4294.967295).ifPresent(d -> gnaInterval = d);
                case "vrrp_min_garp" -> minGarp = v.flag(s);
                case "vrrp_down_timer_adverts" -> v.intValue(s, 1, 100).ifPresent(x -> downTimerAdverts = x);
                case "vrrp_lower_prio_no_advert" -> lowerPrioNoAdvert = v.flag(s);
                case "vrrp_higher_prio_send_advert" -> higherPrioSendAdvert = v.flag(s);
                case "vrrp_check_unicast_src" -> checkUnicastSrc = v.flag(s);
                case "vrrp_skip_check_adv_addr" -> skipCheckAdvAddr = v.flag(s);
                case "vrrp_strict" -> strict = v.flag(s);
                case "vrrp_startup_delay" -> v.timer(s, 0.001, 4294.967295).ifPresent(d -> startupDelay = d);
                case "notify_fifo" -> v.arg(s).ifPresent(t -> notifyFifo = Optional.of(t.text()));
                case "vrrp_notify_fifo" -> v.arg(s).ifPresent(t -> vrrpNotifyFifo = Optional.of(t.text()));
                case "lvs_notify_fifo" -> v.arg(s).ifPresent(t -> lvsNotifyFifo = Optional.of(t.text()));
                case "lvs_sync_daemon" -> {
                    if (syncDaemon != null) {
                        f.warning(s.pos(), "lvs_sync_daemon has already been specified as " + syncDaemon.iface()
                                + syncDaemon.instance().map(i -> " " + i).orElse("") + " - ignoring");
                    } else {
                        syncDaemon(s);
                    }
                }
                case "lvs_timeouts" -> timeouts(s);
                case "lvs_flush" -> lvsFlush = v.flag(s);
                case "lvs_flush_on_stop" -> {
                    if (s.args().isEmpty()) {
                        flushOnStop = LvsFlushOnStop.FLUSH;
                    } else if (s.args().get(0).text().equals("VS")) {
                        flushOnStop = LvsFlushOnStop.VS;
                    } else {
                        Optional<Boolean> b = Values.parseBool(s.args().get(0).text());
                        if (b.isEmpty()) {
                            f.error(s.args().get(0).pos(), "lvs_flush_on_stop takes VS or a boolean, not '" + s.args().get(0).text() + "'");
                        } else {
                            flushOnStop = b.get() ? LvsFlushOnStop.FLUSH : LvsFlushOnStop.OFF;
                        }
                    }
                }
                case "default_interface" -> v.arg(s).ifPresent(t -> defaultInterface = Optional.of(t.text()));
                case "vrrp_rt_priority" -> rtPriority(s);
                case "vrrp_no_swap" -> noSwap = v.flag(s);
                case "vrrp_priority" -> nice(s);
                default -> {
                    // known keyword without a director meaning: accepted, not modelled
                }
            }
        }
    }

    /**
     * SCHED_RR priority. keepalived clamps a value outside the scheduler's 1..99 to the nearest bound
     * and says so; a config it accepts must load here too, so this is a warning, not an error.
     */
    private void rtPriority(Statement s) {
        OptionalLong x = v.integer(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (x.isEmpty()) {
            return;
        }
        long p = x.getAsLong();
        if (p < 1 || p > 99) {
            long clamped = Math.max(1, Math.min(99, p));
            f.warning(s.pos(), "vrrp_rt_priority " + p + " outside range 1 to 99, setting to " + clamped);
            p = clamped;
        }
        rtPriority = OptionalInt.of((int) p);
    }

    /** Nice value; keepalived reports a value outside -20..19 as invalid and leaves the priority alone. */
    private void nice(Statement s) {
        OptionalLong x = v.integer(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (x.isEmpty()) {
            return;
        }
        if (x.getAsLong() < -20 || x.getAsLong() > 19) {
            f.warning(s.pos(), "vrrp_priority " + x.getAsLong() + " outside range -20 to 19 (a nice value) - ignoring");
            return;
        }
        nice = OptionalInt.of((int) x.getAsLong());
    }

    private void syncDaemon(Statement s) {
        List<Token> a = s.args();
        if (a.isEmpty()) {
            f.error(s.pos(), "'lvs_sync_daemon' needs an interface");
            return;
        }
        String iface = a.get(0).text();
        Optional<String> inst = Optional.empty();
        OptionalInt id = OptionalInt.empty();
        OptionalInt maxLen = OptionalInt.empty();
        OptionalInt ttl = OptionalInt.empty();
        int port = LvsSyncDaemon.DEFAULT_PORT;
        InetAddress group = Values.parseAddress("224.0.0.81").orElseThrow();
        for (int i = 1; i < a.size(); i++) {
            String w = a.get(i).text();
            boolean hasNext = i + 1 < a.size();
            switch (w) {
                case "id", "maxlen", "port", "ttl", "group" -> {
                    if (!hasNext) {
                        f.error(a.get(i).pos(), "lvs_sync_daemon: '" + w + "' needs a value");
                        continue;
                    }
                    Token val = a.get(++i);
                    switch (w) {
                        case "id" -> {
                            OptionalLong x = v.integer(val, 0, 255);
                            if (x.isPresent()) {
                                id = OptionalInt.of((int) x.getAsLong());
                            }
                        }
                        case "maxlen" -> {
                            OptionalLong x = v.integer(val, 1, 65507);
                            if (x.isPresent()) {
                                maxLen = OptionalInt.of((int) x.getAsLong());
                            }
                        }
                        case "port" -> {
                            OptionalLong x = v.integer(val, 1, 65535);
                            if (x.isPresent()) {
                                port = (int) x.getAsLong();
                            }
                        }
                        case "ttl" -> {
                            OptionalLong x = v.integer(val, 1, 255);
                            if (x.isPresent()) {
                                ttl = OptionalInt.of((int) x.getAsLong());
                            }
                        }
                        default -> {
                            Optional<InetAddress> g = v.address(val);
                            if (g.isPresent()) {
                                group = g.get();
                            }
                        }
                    }
                }
                case "inst" -> {
                    if (hasNext) {
                        inst = Optional.of(a.get(++i).text());
                    } else {
                        f.error(a.get(i).pos(), "lvs_sync_daemon: 'inst' needs an instance name");
                    }
                }
                default -> {
                    if (i == 1) {
                        inst = Optional.of(w);
                    } else {
                        f.error(a.get(i).pos(), "lvs_sync_daemon: unknown option '" + w + "'");
                    }
                }
            }
        }
        syncDaemon = new SyncDaemonSpec(s, iface, inst, id, maxLen, port, ttl, group);
    }

    private void timeouts(Statement s) {
        List<Token> a = s.args();
        Optional<Duration> tcp = Optional.empty();
        Optional<Duration> fin = Optional.empty();
        Optional<Duration> udp = Optional.empty();
        if (a.isEmpty()) {
            f.error(s.pos(), "'lvs_timeouts' needs at least one of tcp, tcpfin, udp");
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i).text();
            if (!(w.equals("tcp") || w.equals("tcpfin") || w.equals("udp"))) {
                f.error(a.get(i).pos(), "lvs_timeouts: unknown protocol '" + w + "' (tcp, tcpfin or udp)");
                continue;
            }
            if (i + 1 >= a.size()) {
                f.error(a.get(i).pos(), "lvs_timeouts: '" + w + "' needs a value");
                continue;
            }
            // 0 leaves the kernel's value unchanged, as with ipvsadm --set
            OptionalLong x = v.integer(a.get(++i), 0, 2147483);
            if (x.isPresent() && x.getAsLong() > 0) {
                Duration d = Duration.ofSeconds(x.getAsLong());
                switch (w) {
                    case "tcp" -> tcp = Optional.of(d);
                    case "tcpfin" -> fin = Optional.of(d);
                    default -> udp = Optional.of(d);
                }
            }
        }
        timeouts = new LvsTimeouts(tcp, fin, udp);
    }

    GarpSettings garp() {
        return new GarpSettings(garpMasterDelay, garpMasterRepeat, garpLowerPrioDelay.orElse(garpMasterDelay),
                garpLowerPrioRepeat.orElse(garpMasterRepeat), garpMasterRefresh, garpMasterRefreshRepeat, garpInterval,
                gnaInterval, minGarp);
    }

    GlobalDefs build(Optional<LvsSyncDaemon> daemon) {
        return new GlobalDefs(routerId, List.copyOf(emails), emailFrom, smtpServer, smtpHelo, smtpConnectTimeout,
                smtpAlert, checkerLogAllFailures, scriptUser, scriptSecurity, vrrpVersion, group4, group6, garp(),
                downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, checkUnicastSrc, skipCheckAdvAddr, strict,
                startupDelay, notifyFifo, vrrpNotifyFifo, lvsNotifyFifo, daemon, timeouts, lvsFlush, flushOnStop,
                defaultInterface, childWaitTime, rtPriority, noSwap, nice);
    }
}

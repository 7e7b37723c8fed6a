package dev.fulcrum.conf;

import dev.fulcrum.conf.model.AddressText;
import dev.fulcrum.conf.model.CheckTarget;
import dev.fulcrum.conf.model.ParamMatch;
import dev.fulcrum.conf.model.Checker;
import dev.fulcrum.conf.model.CheckerTiming;
import dev.fulcrum.conf.model.Forwarding;
import dev.fulcrum.conf.model.GarpSettings;
import dev.fulcrum.conf.model.GlobalDefs;
import dev.fulcrum.conf.model.HttpUrl;
import dev.fulcrum.conf.model.IpFamily;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.LvsFlushOnStop;
import dev.fulcrum.conf.model.LvsMethod;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.conf.model.Notifications;
import dev.fulcrum.conf.model.Protocol;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.SchedulerFlag;
import dev.fulcrum.conf.model.Script;
import dev.fulcrum.conf.model.ScriptUser;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.conf.model.SslClientSettings;
import dev.fulcrum.conf.model.TrackFile;
import dev.fulcrum.conf.model.TrackProcess;
import dev.fulcrum.conf.model.Trackers;
import dev.fulcrum.conf.model.TunnelChecksum;
import dev.fulcrum.conf.model.TunnelType;
import dev.fulcrum.conf.model.VirtualAddress;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.conf.model.VirtualServerGroup;
import dev.fulcrum.conf.model.VrrpInstance;
import dev.fulcrum.conf.model.VrrpScript;
import dev.fulcrum.conf.model.VrrpSyncGroup;
import dev.fulcrum.conf.model.VsgEntry;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints a {@link KeepalivedConfig} back as keepalived.conf: the effective configuration, every
 * default and inherited value written out, so an operator sees exactly what the director will do.
 * Reading the output gives the same model again (the round trip the tests check).
 */
public final class KeepalivedWriter {
    private final StringBuilder out = new StringBuilder();
    private int depth;

    private KeepalivedWriter() {
    }

    public static String write(KeepalivedConfig c) {
        KeepalivedWriter w = new KeepalivedWriter();
        w.config(c);
        return w.out.toString();
    }

    private void line(String s) {
        out.append("    ".repeat(depth)).append(s).append('\n');
    }

    private void open(String s) {
        line(s + " {");
        depth++;
    }

    /** A block of one line per item, left out when there are none. */
    private <T> void listBlock(String name, java.util.Collection<T> items, java.util.function.Consumer<T> each) {
        if (items.isEmpty()) {
            return;
        }
        open(name);
        items.forEach(each);
        close();
    }

    private void close() {
        depth--;
        line("}");
    }

    static String secs(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    static String ip(InetAddress a) {
        return AddressText.of(a);
    }

    /** Quotes a word when keepalived would otherwise split or strip it. */
    static String word(String s) {
        boolean plain = !s.isEmpty();
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '{' || c == '}' || c == '#' || c == '!'
                    || c == '\\' || c < 0x20) {
                plain = false;
            }
        }
        return plain ? s : quote(s);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String bool(boolean b) {
        return b ? "true" : "false";
    }

    private static String user(ScriptUser u) {
        return word(u.user()) + u.group().map(g -> " " + word(g)).orElse("");
    }

    private static String script(Script s) {
        return quote(s.command()) + s.user().map(u -> " " + user(u)).orElse("");
    }

    private void config(KeepalivedConfig c) {
        line("! effective configuration written by fulcrum dump");
        GlobalDefs g = c.globalDefs();
        line("child_wait_time " + secs(g.childWaitTime()));
        globals(g);
        for (VrrpScript s : c.vrrpScripts()) {
            open("vrrp_script " + word(s.name()));
            line("script " + quote(s.script()));
            line("interval " + secs(s.interval()));
            line("timeout " + secs(s.timeout()));
            line("weight " + s.weight() + (s.reverse() ? " reverse" : ""));
            line("rise " + s.rise());
            line("fall " + s.fall());
            s.user().ifPresent(u -> line("user " + user(u)));
            if (s.initFail()) {
                line("init_fail");
            }
            close();
        }
        for (TrackFile t : c.trackFiles()) {
            open("track_file " + word(t.name()));
            line("file " + quote(t.file()));
            line("weight " + t.weight() + (t.reverse() ? " reverse" : ""));
            t.initValue().ifPresent(v -> line("init_file " + v + (t.initOverwrite() ? " overwrite" : "")));
            close();
        }
        for (TrackProcess p : c.trackProcesses()) {
            open("vrrp_track_process " + word(p.name()));
            StringBuilder cmd = new StringBuilder("process ").append(word(p.process()));
            p.params().forEach(a -> cmd.append(' ').append(word(a)));
            line(cmd.toString());
            p.paramMatch().ifPresent(m -> line(m == ParamMatch.EXACT ? "param_match" : "param_match " + m.keyword()));
            line("weight " + p.weight() + (p.reverse() ? " reverse" : ""));
            line("quorum " + p.quorum());
            p.quorumMax().ifPresent(q -> line("quorum_max " + q));
            // keepalived rejects 0 here (its range starts at 1 us); 0 is the default, so leave it out
            if (!p.forkDelay().isZero()) {
                line("fork_delay " + secs(p.forkDelay()));
            }
            if (!p.terminateDelay().isZero()) {
                line("terminate_delay " + secs(p.terminateDelay()));
            }
            if (p.fullCommand()) {
                line("full_command");
            }
            close();
        }
        for (VrrpSyncGroup sg : c.syncGroups()) {
            open("vrrp_sync_group " + word(sg.name()));
            open("group");
            sg.members().forEach(m -> line(word(m)));
            close();
            trackers(sg.trackers());
            notifications(sg.notifications());
            line("smtp_alert " + bool(sg.smtpAlert()));
            if (sg.syncGroupTrackingWeight()) {
                line("sync_group_tracking_weight");
            }
            close();
        }
        for (VrrpInstance i : c.vrrpInstances()) {
            instance(i, g);
        }
        for (VirtualServerGroup vsg : c.virtualServerGroups()) {
            open("virtual_server_group " + word(vsg.name()));
            for (VsgEntry e : vsg.entries()) {
                if (e instanceof VsgEntry.Range r) {
                    String a = r.isSingle() ? ip(r.first()) : ip(r.first()) + "-" + ip(r.last());
                    line(a + (r.port() != 0 ? " " + r.port() : ""));
                } else if (e instanceof VsgEntry.Fwmark f) {
                    line("fwmark " + f.mark() + f.family().map(x -> " " + x.keyword()).orElse(""));
                }
            }
            close();
        }
        for (VirtualServer vs : c.virtualServers()) {
            virtualServer(vs, c);
        }
        ssl(c.ssl());
    }

    /** The SSL block with absolute paths (a relative one was taken from the file that named it). */
    private void ssl(SslClientSettings s) {
        if (s.isDefault()) {
            return;
        }
        open("SSL");
        s.password().ifPresent(p -> line("password " + word(p)));
        s.ca().ifPresent(p -> line("ca " + word(p.path().toString())));
        s.certificate().ifPresent(p -> line("certificate " + word(p.path().toString())));
        s.key().ifPresent(p -> line("key " + word(p.path().toString())));
        close();
    }

    private void globals(GlobalDefs g) {
        open("global_defs");
        g.routerId().ifPresent(r -> line("router_id " + word(r)));
        listBlock("notification_email", g.notificationEmail(), e -> line(word(e)));
        g.notificationEmailFrom().ifPresent(e -> line("notification_email_from " + word(e)));
        g.smtpServer().ifPresent(s -> line("smtp_server " + ip(s.address()) + " " + s.port()));
        g.smtpHeloName().ifPresent(h -> line("smtp_helo_name " + word(h)));
        line("smtp_connect_timeout " + secs(g.smtpConnectTimeout()));
        g.smtpAlert().ifPresent(b -> line("smtp_alert " + bool(b)));
        line("checker_log_all_failures " + bool(g.checkerLogAllFailures()));
        g.scriptUser().ifPresent(u -> line("script_user " + user(u)));
        if (g.enableScriptSecurity()) {
            line("enable_script_security");
        }
        line("vrrp_version " + g.vrrpVersion());
        line("vrrp_mcast_group4 " + ip(g.vrrpMcastGroup4()));
        line("vrrp_mcast_group6 " + ip(g.vrrpMcastGroup6()));
        GarpSettings ga = g.vrrpGarp();
        line("vrrp_garp_master_delay " + secs(ga.masterDelay()));
        line("vrrp_garp_master_repeat " + ga.masterRepeat());
        line("vrrp_garp_lower_prio_delay " + secs(ga.lowerPrioDelay()));
        line("vrrp_garp_lower_prio_repeat " + ga.lowerPrioRepeat());
        line("vrrp_garp_master_refresh " + secs(ga.masterRefresh()));
        line("vrrp_garp_master_refresh_repeat " + ga.masterRefreshRepeat());
        if (!ga.interval().isZero()) {
            line("vrrp_garp_interval " + secs(ga.interval()));
        }
        if (!ga.gnaInterval().isZero()) {
            line("vrrp_gna_interval " + secs(ga.gnaInterval()));
        }
        if (ga.minGarp()) {
            line("vrrp_min_garp");
        }
        line("vrrp_down_timer_adverts " + g.vrrpDownTimerAdverts());
        flag("vrrp_lower_prio_no_advert", g.vrrpLowerPrioNoAdvert());
        flag("vrrp_higher_prio_send_advert", g.vrrpHigherPrioSendAdvert());
        flag("vrrp_check_unicast_src", g.vrrpCheckUnicastSrc());
        flag("vrrp_skip_check_adv_addr", g.vrrpSkipCheckAdvAddr());
        flag("vrrp_strict", g.vrrpStrict());
        if (!g.vrrpStartupDelay().isZero()) {
            line("vrrp_startup_delay " + secs(g.vrrpStartupDelay()));
        }
        g.notifyFifo().ifPresent(x -> line("notify_fifo " + word(x)));
        g.vrrpNotifyFifo().ifPresent(x -> line("vrrp_notify_fifo " + word(x)));
        g.lvsNotifyFifo().ifPresent(x -> line("lvs_notify_fifo " + word(x)));
        g.lvsSyncDaemon().ifPresent(this::syncDaemon);
        if (g.lvsTimeouts().isSet()) {
            StringBuilder b = new StringBuilder("lvs_timeouts");
            g.lvsTimeouts().tcp().ifPresent(d -> b.append(" tcp ").append(d.toSeconds()));
            g.lvsTimeouts().tcpFin().ifPresent(d -> b.append(" tcpfin ").append(d.toSeconds()));
            g.lvsTimeouts().udp().ifPresent(d -> b.append(" udp ").append(d.toSeconds()));
            line(b.toString());
        }
        flag("lvs_flush", g.lvsFlush());
        if (g.lvsFlushOnStop() == LvsFlushOnStop.FLUSH) {
            line("lvs_flush_on_stop");
        } else if (g.lvsFlushOnStop() == LvsFlushOnStop.VS) {
            line("lvs_flush_on_stop VS");
        }
        g.defaultInterface().ifPresent(x -> line("default_interface " + word(x)));
        g.vrrpRtPriority().ifPresent(x -> line("vrrp_rt_priority " + x));
        flag("vrrp_no_swap", g.vrrpNoSwap());
        g.vrrpNice().ifPresent(x -> line("vrrp_priority " + x));
        close();
    }

    private void flag(String k, boolean on) {
        if (on) {
            line(k);
        }
    }

    private void syncDaemon(LvsSyncDaemon d) {
        StringBuilder b = new StringBuilder("lvs_sync_daemon " + word(d.interfaceName()));
        d.instance().ifPresent(i -> b.append(" inst ").append(word(i)));
        b.append(" id ").append(d.syncId());
        d.maxLen().ifPresent(m -> b.append(" maxlen ").append(m));
        b.append(" port ").append(d.port());
        d.ttl().ifPresent(t -> b.append(" ttl ").append(t));
        b.append(" group ").append(ip(d.group()));
        line(b.toString());
    }

    private void trackers(Trackers t) {
        listBlock("track_interface", t.interfaces(), x -> line(word(x.name()) + " weight " + x.weight() + (x.reverse() ? " reverse" : "")));
        listBlock("track_script", t.scripts(), x -> line(word(x.name()) + " weight " + x.weight() + (x.reverse() ? " reverse" : " noreverse")));
        listBlock("track_file", t.files(), x -> line(word(x.name()) + " weight " + x.weight() + (x.reverse() ? " reverse" : " noreverse")));
        listBlock("track_process", t.processes(), x -> line(word(x.name()) + " weight " + x.weight() + (x.reverse() ? " reverse" : " noreverse")));
    }

    private void notifications(Notifications n) {
        n.master().ifPresent(s -> line("notify_master " + script(s)));
        n.backup().ifPresent(s -> line("notify_backup " + script(s)));
        n.fault().ifPresent(s -> line("notify_fault " + script(s)));
        n.stop().ifPresent(s -> line("notify_stop " + script(s)));
        n.any().ifPresent(s -> line("notify " + script(s)));
        n.deleted().ifPresent(s -> line(s.command().isEmpty() ? "notify_deleted" : "notify_deleted " + script(s)));
        n.masterRxLowerPri().ifPresent(s -> line("notify_master_rx_lower_pri " + script(s)));
        if (n.priorityChanges()) {
            line("notify_priority_changes true");
        }
    }

    private void vip(VirtualAddress a) {
        StringBuilder b = new StringBuilder(a.prefix().toString());
        a.broadcast().ifPresent(x -> b.append(" brd ").append(ip(x)));
        a.device().ifPresent(x -> b.append(" dev ").append(word(x)));
        a.scope().ifPresent(x -> b.append(" scope ").append(word(x)));
        a.label().ifPresent(x -> b.append(" label ").append(word(x)));
        a.peer().ifPresent(x -> b.append(" peer ").append(ip(x)));
        a.preferredLft().ifPresent(x -> b.append(" preferred_lft ").append(word(x)));
        if (a.noTrack()) {
            b.append(" no_track");
        }
        a.flags().forEach(x -> b.append(' ').append(x));
        line(b.toString());
    }

    private void instance(VrrpInstance i, GlobalDefs g) {
        open("vrrp_instance " + word(i.name()));
        line("state " + i.state());
        i.interfaceName().ifPresent(x -> line("interface " + word(x)));
        line("virtual_router_id " + i.virtualRouterId());
        line("priority " + i.priority());
        line("advert_int " + secs(i.advertInterval()));
        line("version " + i.version());
        if (i.nopreempt()) {
            line("nopreempt");
        }
        if (!i.preemptDelay().isZero()) {
            line("preempt_delay " + secs(i.preemptDelay()));
        }
        i.authentication().ifPresent(a -> {
            open("authentication");
            line("auth_type " + a.type());
            line("auth_pass " + word(a.password()));
            close();
        });
        listBlock("virtual_ipaddress", i.virtualAddresses(), this::vip);
        listBlock("virtual_ipaddress_excluded", i.excludedAddresses(), this::vip);
        listBlock("virtual_routes", i.virtualRoutes(), this::line);
        listBlock("virtual_rules", i.virtualRules(), this::line);
        i.unicastSrcIp().ifPresent(a -> line("unicast_src_ip " + ip(a)));
        listBlock("unicast_peer", i.unicastPeers(), p -> line(ip(p.address())
                    + (p.minTtl().isPresent() ? " min_ttl " + p.minTtl().getAsInt() : "")
                    + (p.maxTtl().isPresent() ? " max_ttl " + p.maxTtl().getAsInt() : "")));
        i.unicastTtl().ifPresent(t -> line("unicast_ttl " + t));
        flag("unicast_fault_no_peer", i.unicastFaultNoPeer());
        flag("check_unicast_src", i.checkUnicastSrc());
        i.mcastSrcIp().ifPresent(a -> line("mcast_src_ip " + ip(a)));
        InetAddress defGroup = i.family() == IpFamily.INET ? g.vrrpMcastGroup4() : g.vrrpMcastGroup6();
        if (!i.mcastGroup().equals(defGroup)) {
            line("mcast_dst_ip " + ip(i.mcastGroup()));
        }
        trackers(i.trackers());
        flag("dont_track_primary", i.dontTrackPrimary());
        notifications(i.notifications());
        line("smtp_alert " + bool(i.smtpAlert()));
        GarpSettings ga = i.garp();
        line("garp_master_delay " + secs(ga.masterDelay()));
        line("garp_master_repeat " + ga.masterRepeat());
        line("garp_lower_prio_delay " + secs(ga.lowerPrioDelay()));
        line("garp_lower_prio_repeat " + ga.lowerPrioRepeat());
        line("garp_master_refresh " + secs(ga.masterRefresh()));
        line("garp_master_refresh_repeat " + ga.masterRefreshRepeat());
        line("down_timer_adverts " + i.downTimerAdverts());
        line("lower_prio_no_advert " + bool(i.lowerPrioNoAdvert()));
        line("higher_prio_send_advert " + bool(i.higherPrioSendAdvert()));
        line("skip_check_adv_addr " + bool(i.skipCheckAdvAddr()));
        line("strict_mode " + bool(i.strictMode()));
        line(i.accept() ? "accept" : "no_accept");
        flag("promote_secondaries", i.promoteSecondaries());
        i.useVmac().ifPresent(v -> line(v.isEmpty() ? "use_vmac" : "use_vmac " + v));
        flag("v3_checksum_as_v2", i.v3ChecksumAsV2());
        flag("vmac_xmit_base", i.vmacXmitBase());
        close();
    }

    private static String forwarding(Forwarding f) {
        StringBuilder b = new StringBuilder(f.method().name());
        if (f.method() == LvsMethod.TUN) {
            if (f.tunnelType() != TunnelType.IPIP) {
                b.append(" type ").append(f.tunnelType().name().toLowerCase(Locale.ROOT));
                if (f.tunnelType() == TunnelType.GUE) {
                    b.append(" port ").append(f.tunnelPort());
                }
            }
            if (f.checksum() != TunnelChecksum.NOCSUM) {
                b.append(' ').append(f.checksum().name().toLowerCase(Locale.ROOT));
            }
        }
        return b.toString();
    }

    private void virtualServer(VirtualServer vs, KeepalivedConfig c) {
        ServiceAddress a = vs.address();
        String head;
        if (a instanceof ServiceAddress.Inet in) {
            head = ip(in.address()) + " " + in.port();
        } else if (a instanceof ServiceAddress.Fwmark f) {
            head = "fwmark " + f.mark();
        } else {
            head = "group " + word(((ServiceAddress.Group) a).name());
        }
        open("virtual_server " + head);
        boolean fwmarkGroup = a instanceof ServiceAddress.Group g && c.group(g.name())
                .map(x -> !x.entries().isEmpty() && x.entries().stream().allMatch(e -> e instanceof VsgEntry.Fwmark)).orElse(false);
        if (a instanceof ServiceAddress.Fwmark || fwmarkGroup) {
            if (a instanceof ServiceAddress.Fwmark f && f.family() == IpFamily.INET6) {
                line("ip_family inet6");
            }
            if (vs.protocol() != Protocol.UDP) {
                line("protocol " + vs.protocol());
            }
        } else {
            line("protocol " + vs.protocol());
        }
        line("lvs_sched " + vs.scheduler());
        for (SchedulerFlag fl : SchedulerFlag.values()) {
            if (vs.schedulerFlags().contains(fl)) {
                line(fl.keyword());
            }
        }
        flag("ops", vs.ops());
        line("lvs_method " + forwarding(vs.forwarding()));
        vs.persistence().ifPresent(p -> {
            line("persistence_timeout " + p.timeout().toSeconds());
            p.granularity().ifPresent(m -> line("persistence_granularity " + ip(m)));
            p.engine().ifPresent(e -> line("persistence_engine " + word(e)));
        });
        line("quorum " + vs.quorum());
        if (vs.hysteresis() > 0) {
            line("hysteresis " + vs.hysteresis());
        }
        vs.quorumUp().ifPresent(s -> line("quorum_up " + script(s)));
        vs.quorumDown().ifPresent(s -> line("quorum_down " + script(s)));
        vs.sorryServer().ifPresent(s -> {
            line("sorry_server " + ip(s.endpoint().address()) + " " + s.endpoint().port());
            line("sorry_server_lvs_method " + forwarding(s.forwarding()));
            if (s.inhibit()) {
                line("sorry_server_inhibit");
            }
        });
        flag("alpha", vs.alpha());
        flag("omega", vs.omega());
        flag("ha_suspend", vs.haSuspend());
        flag("inhibit_on_failure", vs.inhibitOnFailure());
        line("delay_loop " + secs(vs.delayLoop()));
        line("connect_timeout " + secs(vs.connectTimeout()));
        vs.retry().ifPresent(r -> line("retry " + r));
        vs.delayBeforeRetry().ifPresent(d -> line("delay_before_retry " + secs(d)));
        vs.warmup().ifPresent(d -> line("warmup " + secs(d)));
        line("weight " + vs.weight());
        vs.virtualhost().ifPresent(h -> line("virtualhost " + word(h)));
        line("smtp_alert " + bool(vs.smtpAlert()));
        for (RealServer rs : vs.realServers()) {
            realServer(rs);
        }
        close();
    }

    private void realServer(RealServer rs) {
        open("real_server " + ip(rs.endpoint().address()) + " " + rs.endpoint().port());
        line("weight " + rs.weight());
        line("lvs_method " + forwarding(rs.forwarding()));
        line("inhibit_on_failure " + bool(rs.inhibitOnFailure()));
        line("alpha " + bool(rs.alpha()));
        rs.notifyUp().ifPresent(s -> line("notify_up " + script(s)));
        rs.notifyDown().ifPresent(s -> line("notify_down " + script(s)));
        rs.upperThreshold().ifPresent(x -> line("uthreshold " + x));
        rs.lowerThreshold().ifPresent(x -> line("lthreshold " + x));
        line("delay_loop " + secs(rs.delayLoop()));
        rs.virtualhost().ifPresent(h -> line("virtualhost " + word(h)));
        line("smtp_alert " + bool(rs.smtpAlert()));
        for (Checker c : rs.checkers()) {
            checker(c);
        }
        close();
    }

    private void target(CheckTarget t) {
        line("connect_ip " + ip(t.connectIp()));
        line("connect_port " + t.connectPort());
        t.bindTo().ifPresent(a -> line("bindto " + ip(a)));
        t.bindIf().ifPresent(x -> line("bind_if " + word(x)));
        if (t.bindPort() != 0) {
            line("bind_port " + t.bindPort());
        }
        t.fwmark().ifPresent(m -> line("fwmark " + m));
    }

    private void timing(CheckerTiming t, boolean connect) {
        line("delay_loop " + secs(t.delayLoop()));
        if (connect) {
            line("connect_timeout " + secs(t.connectTimeout()));
        }
        line("retry " + t.retry());
        line("delay_before_retry " + secs(t.delayBeforeRetry()));
        line("warmup " + secs(t.warmup()));
        line("alpha " + bool(t.alpha()));
        line("log_all_failures " + bool(t.logAllFailures()));
    }

    private void urls(java.util.List<HttpUrl> urls) {
        for (HttpUrl u : urls) {
            open("url");
            line("path " + word(u.path()));
            u.digest().ifPresent(d -> line("digest " + d));
            StringBuilder b = new StringBuilder("status_code");
            u.statusCodes().forEach(r -> b.append(' ').append(r));
            line(b.toString());
            u.virtualhost().ifPresent(h -> line("virtualhost " + word(h)));
            u.regex().ifPresent(r -> line("regex " + quote(r)));
            flag("regex_no_match", u.regexNoMatch());
            if (!u.regexOptions().isEmpty()) {
                StringBuilder o = new StringBuilder("regex_options");
                u.regexOptions().forEach(x -> o.append(' ').append(x.keyword()));
                line(o.toString());
            }
            u.regexMinOffset().ifPresent(n -> line("regex_min_offset " + n));
            u.regexMaxOffset().ifPresent(n -> line("regex_max_offset " + n));
            u.regexStack().ifPresent(st -> line("regex_stack " + st.start() + " " + st.max()));
            close();
        }
    }

    private void checker(Checker c) {
        open(c.keyword());
        if (c instanceof Checker.TcpCheck t) {
            target(t.target());
            timing(t.checkerTiming(), true);
        } else if (c instanceof Checker.HttpGet h) {
            target(h.target());
            timing(h.checkerTiming(), true);
            line("http_protocol " + h.httpProtocol());
            line("fast_recovery " + bool(h.fastRecovery()));
            h.virtualhost().ifPresent(x -> line("virtualhost " + word(x)));
            urls(h.urls());
        } else if (c instanceof Checker.SslGet h) {
            target(h.target());
            timing(h.checkerTiming(), true);
            line("http_protocol " + h.httpProtocol());
            line("fast_recovery " + bool(h.fastRecovery()));
            h.virtualhost().ifPresent(x -> line("virtualhost " + word(x)));
            urls(h.urls());
            flag("enable_sni", h.enableSni());
            h.sniName().ifPresent(x -> line("sni_name " + word(x)));
            flag("tls_compliant", h.tlsCompliant());
        } else if (c instanceof Checker.MiscCheck m) {
            line("misc_path " + quote(m.path()));
            line("misc_timeout " + secs(m.timeout()));
            flag("misc_dynamic", m.dynamic());
            m.user().ifPresent(u -> line("user " + user(u)));
            timing(m.checkerTiming(), false);
        } else if (c instanceof Checker.UdpCheck u) {
            target(u.target());
            timing(u.checkerTiming(), true);
            u.payload().ifPresent(p -> line("payload " + p));
            if (u.requireReply()) {
                line("require_reply" + u.replyPattern().map(p -> " " + p).orElse(""));
            }
            line("min_reply_length " + u.minReplyLength());
            line("max_reply_length " + u.maxReplyLength());
        } else if (c instanceof Checker.DnsCheck d) {
            target(d.target());
            timing(d.checkerTiming(), true);
            line("type " + d.type());
            line("name " + word(d.name()));
        } else if (c instanceof Checker.SmtpCheck s) {
            target(s.target());
            timing(s.checkerTiming(), true);
            s.heloName().ifPresent(h -> line("helo_name " + word(h)));
        } else if (c instanceof Checker.PingCheck p) {
            target(p.target());
            timing(p.checkerTiming(), true);
        } else if (c instanceof Checker.FileCheck f) {
            line("track_file " + word(f.trackFile()));
            line("weight " + f.weight() + (f.reverse() ? " reverse" : ""));
            flag("dynamic", f.dynamic());
        }
        close();
    }

}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.SourcePos;
import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.AddressText;
import dev.fulcrum.conf.model.AuthType;
import dev.fulcrum.conf.model.Authentication;
import dev.fulcrum.conf.model.GarpSettings;
import dev.fulcrum.conf.model.IpFamily;
import dev.fulcrum.conf.model.IpPrefix;
import dev.fulcrum.conf.model.Notifications;
import dev.fulcrum.conf.model.Script;
import dev.fulcrum.conf.model.TrackFile;
import dev.fulcrum.conf.model.TrackProcess;
import dev.fulcrum.conf.model.TrackedFile;
import dev.fulcrum.conf.model.TrackedInterface;
import dev.fulcrum.conf.model.TrackedProcess;
import dev.fulcrum.conf.model.TrackedScript;
import dev.fulcrum.conf.model.Trackers;
import dev.fulcrum.conf.model.UnicastPeer;
import dev.fulcrum.conf.model.VirtualAddress;
import dev.fulcrum.conf.model.VrrpInstance;
import dev.fulcrum.conf.model.VrrpScript;
import dev.fulcrum.conf.model.VrrpState;
import dev.fulcrum.conf.model.VrrpSyncGroup;
import dev.fulcrum.conf.syntax.Statement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads {@code vrrp_instance} and {@code vrrp_sync_group} blocks and resolves them against the globals. */
final class VrrpBuilder {
    private final Findings f;
    private final Values v;

    VrrpBuilder(Findings f, Values v) {
        this.f = f;
        this.v = v;
    }

    /** Tracker and notify references shared by instances and sync groups. */
    static final class Hooks {
        final List<TrackRef> interfaces = new ArrayList<>();
        final List<TrackRef> scripts = new ArrayList<>();
        final List<TrackRef> files = new ArrayList<>();
        final List<TrackRef> processes = new ArrayList<>();
        final Map<String, Script> notify = new java.util.HashMap<>();
        boolean priorityChanges;
        Optional<Boolean> smtpAlert = Optional.empty();
    }

    static final class InstanceSpec {
        Statement at;
        String name;
        VrrpState state;
        Token stateToken;
        Optional<String> iface = Optional.empty();
        Token vridToken;
        OptionalInt vrid = OptionalInt.empty();
        OptionalInt priority = OptionalInt.empty();
        Token advertToken;
        Optional<Duration> advert = Optional.empty();
        OptionalInt version = OptionalInt.empty();
        boolean nopreempt;
        Token nopreemptToken;
        Duration preemptDelay = Duration.ZERO;
        Token preemptDelayToken;
        Optional<Authentication> auth = Optional.empty();
        SourcePos authPos;
        final List<VirtualAddress> vips = new ArrayList<>();
        final List<VirtualAddress> excluded = new ArrayList<>();
        final List<String> routes = new ArrayList<>();
        final List<String> rules = new ArrayList<>();
        Optional<InetAddress> unicastSrc = Optional.empty();
        final List<UnicastPeer> peers = new ArrayList<>();
        OptionalInt unicastTtl = OptionalInt.empty();
        boolean unicastFaultNoPeer;
        boolean checkUnicastSrc;
        Optional<InetAddress> mcastSrc = Optional.empty();
        Optional<InetAddress> mcastDst = Optional.empty();
        final Hooks hooks = new Hooks();
        boolean dontTrackPrimary;
        Optional<Duration> garpMasterDelay = Optional.empty();
        Optional<Integer> garpMasterRepeat = Optional.empty();
        Optional<Duration> garpLowerPrioDelay = Optional.empty();
        Optional<Integer> garpLowerPrioRepeat = Optional.empty();
        Optional<Duration> garpMasterRefresh = Optional.empty();
        Optional<Integer> garpMasterRefreshRepeat = Optional.empty();
        OptionalInt downTimerAdverts = OptionalInt.empty();
        Optional<Boolean> lowerPrioNoAdvert = Optional.empty();
        Optional<Boolean> higherPrioSendAdvert = Optional.empty();
        Optional<Boolean> skipCheckAdvAddr = Optional.empty();
        Optional<Boolean> strict = Optional.empty();
        Optional<Boolean> accept = Optional.empty();
        boolean promoteSecondaries;
        Optional<String> useVmac = Optional.empty();
        boolean v3ChecksumAsV2;
        boolean vmacXmitBase;
    }

    static final class SyncGroupSpec {
        Statement at;
        String name;
        final List<Token> members = new ArrayList<>();
        final Hooks hooks = new Hooks();
        boolean trackingWeight;
    }

    Optional<SyncGroupSpec> syncGroup(Statement block) {
        if (block.args().isEmpty()) {
            f.error(block.pos(), "'vrrp_sync_group' needs a name");
            return Optional.empty();
        }
        SyncGroupSpec g = new SyncGroupSpec();
        g.at = block;
        g.name = block.args().get(0).text();
        for (Statement s : block.children()) {
            if (hook(s, g.hooks)) {
                continue;
            }
            switch (s.name()) {
                case "group" -> {
                    for (Statement m : s.children()) {
                        g.members.addAll(TrackerBuilder.words(m));
                    }
                    g.members.addAll(s.args());
                }
                case "sync_group_tracking_weight" -> g.trackingWeight = v.flag(s);
                case "global_tracking" -> f.warning(s.pos(), "'global_tracking' is deprecated; use sync_group_tracking_weight");
                default -> f.warning(s.pos(), Keywords.unknown(s.name(), Keywords.SYNC_GROUP));
            }
        }
        if (g.members.isEmpty()) {
            f.error(block.pos(), "vrrp_sync_group " + g.name + " has no 'group' members");
        }
        return Optional.of(g);
    }

    /** Tracker and notify keywords common to instances and groups; false if {@code s} is not one. */
    private boolean hook(Statement s, Hooks h) {
        switch (s.name()) {
            case "track_interface" -> refs(s, h.interfaces, 253, false);
            case "track_script" -> refs(s, h.scripts, 253, true);
            case "track_file" -> refs(s, h.files, 254, true);
            case "track_process" -> refs(s, h.processes, 254, true);
            case "track_bfd" -> {
                // BFD is outside a director's scope: accepted, not modelled
            }
            case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notify_deleted",
                    "notify_master_rx_lower_pri" -> {
                if (h.notify.containsKey(s.name())) {
                    f.warning(s.pos(), s.name() + " script already specified - ignoring this one");
                } else if (s.name().equals("notify_deleted") && s.args().isEmpty()) {
                    h.notify.put(s.name(), Script.of(""));
                } else {
                    v.script(s).ifPresent(x -> h.notify.put(s.name(), x));
                }
            }
            case "notify_priority_changes" -> h.priorityChanges = v.flag(s);
            case "smtp_alert" -> h.smtpAlert = Optional.of(v.flag(s));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void refs(Statement block, List<TrackRef> out, int limit, boolean allowNoreverse) {
        if (!block.hasBlock()) {
            f.error(block.pos(), "'" + block.name() + "' needs a { } block");
            return;
        }
        for (Statement s : block.children()) {
            List<Token> w = TrackerBuilder.words(s);
            OptionalInt weight = OptionalInt.empty();
            Optional<Boolean> reverse = Optional.empty();
            for (int i = 1; i < w.size(); i++) {
                String x = w.get(i).text();
                if (x.equals("weight") && i + 1 < w.size()) {
                    OptionalLong n = v.integer(w.get(++i), -limit, limit);
                    if (n.isPresent()) {
                        weight = OptionalInt.of((int) n.getAsLong());
                    }
                } else if (x.equals("reverse")) {
                    reverse = Optional.of(true);
                } else if (x.equals("noreverse") && allowNoreverse) {
                    reverse = Optional.of(false);
                } else {
                    f.error(w.get(i).pos(), block.name() + ": unexpected '" + x + "'");
                }
            }
            if (out.stream().anyMatch(r -> r.name().text().equals(w.get(0).text()))) {
                f.warning(w.get(0).pos(), "duplicate " + block.name() + " " + w.get(0).text() + " - ignoring");
                continue;
            }
            out.add(new TrackRef(w.get(0), weight, reverse));
        }
    }

    Optional<InstanceSpec> instance(Statement block) {
        if (block.args().isEmpty()) {
            f.error(block.pos(), "'vrrp_instance' needs a name");
            return Optional.empty();
        }
        InstanceSpec in = new InstanceSpec();
        in.at = block;
        in.name = block.args().get(0).text();
        for (Statement s : block.children()) {
            if (hook(s, in.hooks)) {
                continue;
            }
            String k = s.name();
            switch (k) {
                case "state" -> v.arg(s).ifPresent(t -> {
                    VrrpState st;
                    if (t.text().equals("MASTER")) {
                        st = VrrpState.MASTER;
                    } else if (t.text().equals("BACKUP")) {
                        st = VrrpState.BACKUP;
                    } else {
                        f.error(t.pos(), "(" + in.name + ") unknown state '" + t.text() + "' (MASTER or BACKUP)");
                        return;
                    }
                    if (in.state != null && in.state != st) {
                        f.warning(t.pos(), "(" + in.name + ") state previously set as " + in.state + " - ignoring " + st);
                        return;
                    }
                    in.state = st;
                    in.stateToken = t;
                });
                case "interface" -> v.arg(s).ifPresent(t -> in.iface = Optional.of(t.text()));
                case "virtual_router_id" -> v.arg(s).ifPresent(t -> {
                    in.vridToken = t;
                    OptionalLong x = v.integer(t, 1, 255);
                    if (x.isPresent()) {
                        in.vrid = OptionalInt.of((int) x.getAsLong());
                    }
                });
                case "priority" -> {
                    OptionalLong x = v.integer(s, 1, 255);
                    if (x.isPresent()) {
                        in.priority = OptionalInt.of((int) x.getAsLong());
                    }
                }
                case "advert_int" -> v.arg(s).ifPresent(t -> {
                    in.advertToken = t;
                    in.advert = v.timer(t, 0.01, 255);
                });
                case "version" -> {
                    OptionalLong x = v.integer(s, 2, 3);
                    if (x.isPresent()) {
                        in.version = OptionalInt.of((int) x.getAsLong());
                    }
                }
                case "nopreempt" -> {
                    in.nopreempt = true;
                    in.nopreemptToken = s.keyword();
                }
                case "preempt" -> {
                    // back-compat no-op
                }
                case "preempt_delay" -> {
                    in.preemptDelayToken = s.keyword();
                    in.preemptDelay = v.timer(s, 0, 1000).orElse(Duration.ZERO);
                }
                case "authentication" -> auth(s, in);
                case "virtual_ipaddress" -> vips(s, in.vips, in.name, true);
                case "virtual_ipaddress_excluded" -> vips(s, in.excluded, in.name, false);
                case "virtual_routes" -> {
                    rawLines(s, in.routes);
                    routeAddresses(s, in.name);
                }
                case "virtual_rules" -> {
                    rawLines(s, in.rules);
                    routeAddresses(s, in.name);
                }
                case "unicast_src_ip" -> in.unicastSrc = v.address(s);
                case "unicast_peer" -> peers(s, in);
                case "unicast_ttl" -> {
                    OptionalLong x = v.integer(s, 1, 255);
                    if (x.isPresent()) {
                        in.unicastTtl = OptionalInt.of((int) x.getAsLong());
                    }
                }
                case "unicast_fault_no_peer" -> in.unicastFaultNoPeer = v.flag(s);
                case "check_unicast_src" -> in.checkUnicastSrc = v.flag(s);
                case "mcast_src_ip" -> in.mcastSrc = v.address(s);
                case "mcast_dst_ip" -> in.mcastDst = v.address(s);
                case "dont_track_primary" -> in.dontTrackPrimary = v.flag(s);
                case "garp_master_delay" -> in.garpMasterDelay = v.timer(s, 0, 4294);
                case "garp_lower_prio_delay" -> in.garpLowerPrioDelay = v.timer(s, 0, 4294);
                case "garp_master_refresh" -> in.garpMasterRefresh = v.intValue(s, 0, Integer.MAX_VALUE).map(Duration::ofSeconds);
                case "garp_master_repeat" -> in.garpMasterRepeat = v.intValue(s, 0, Integer.MAX_VALUE);
                case "garp_lower_prio_repeat" -> in.garpLowerPrioRepeat = v.intValue(s, 0, Integer.MAX_VALUE);
                case "garp_master_refresh_repeat" -> in.garpMasterRefreshRepeat = v.intValue(s, 0, Integer.MAX_VALUE);
                case "down_timer_adverts" -> {
                    OptionalLong x = v.integer(s, 1, 100);
                    if (x.isPresent()) {
                        in.downTimerAdverts = OptionalInt.of((int) x.getAsLong());
                    }
                }
                case "lower_prio_no_advert" -> in.lowerPrioNoAdvert = Optional.of(v.flag(s));
                case "higher_prio_send_advert" -> in.higherPrioSendAdvert = Optional.of(v.flag(s));
                case "skip_check_adv_addr" -> in.skipCheckAdvAddr = Optional.of(v.flag(s));
                case "strict_mode" -> in.strict = Optional.of(v.flag(s));
                case "accept" -> in.accept = Optional.of(true);
                case "no_accept" -> in.accept = Optional.of(false);
                case "promote_secondaries" -> in.promoteSecondaries = true;
                case "use_vmac" -> in.useVmac = Optional.of(String.join(" ", s.argTexts()));
                case "v3_checksum_as_v2" -> in.v3ChecksumAsV2 = v.flag(s);
                case "vmac_xmit_base" -> in.vmacXmitBase = v.flag(s);
                default -> {
                    if (!Keywords.INSTANCE.contains(k)) {
                        f.warning(s.pos(), Keywords.unknown(k, Keywords.INSTANCE));
                    }
                }
            }
        }
        return Optional.of(in);
    }

    private void auth(Statement block, InstanceSpec in) {
        in.authPos = block.pos();
        AuthType type = AuthType.PASS;
        String pass = null;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "auth_type" -> v.arg(s).ifPresent(t -> {
                    if (!t.text().equals("PASS") && !t.text().equals("AH")) {
                        f.error(t.pos(), "(" + in.name + ") unknown auth_type '" + t.text() + "' (PASS or AH)");
                    }
                });
                case "auth_pass" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        pass = t.get().text();
                        if (pass.length() > 8) {
                            f.warning(t.get().pos(), "Truncating auth_pass to 8 characters");
                            pass = pass.substring(0, 8);
                        }
                    }
                }
                default -> f.warning(s.pos(), Keywords.unknown(s.name(), Keywords.AUTH));
            }
        }
        for (Statement s : block.children()) {
            if (s.name().equals("auth_type") && !s.args().isEmpty() && s.args().get(0).text().equals("AH")) {
                type = AuthType.AH;
            }
        }
        if (pass == null) {
            f.error(block.pos(), "(" + in.name + ") authentication without auth_pass");
            return;
        }
        in.auth = Optional.of(new Authentication(type, pass));
    }

    private void rawLines(Statement block, List<String> out) {
        for (Statement s : block.children()) {
            List<String> w = new ArrayList<>();
            for (Token t : TrackerBuilder.words(s)) {
                w.add(t.text());
            }
            out.add(String.join(" ", w));
        }
    }

    private static final java.util.Set<String> ROUTE_WORDS = java.util.Set.of("default", "blackhole", "unreachable",
            "prohibit", "throw", "local", "broadcast", "anycast", "multicast", "unicast", "nat", "from", "to", "not", "all");
    private static final java.util.Set<String> ADDRESS_ARGUMENT = java.util.Set.of("via", "src", "gw", "gateway", "from", "to");

    /** The addresses in {@code ip route}/{@code ip rule} lines must parse, as keepalived checks them. */
    private void routeAddresses(Statement block, String instance) {
        for (Statement s : block.children()) {
            List<Token> w = TrackerBuilder.words(s);
            int first = 0;
            while (first < w.size() && ROUTE_WORDS.contains(w.get(first).text())) {
                first++;
            }
            // a line may open with a keyword ("src 10.0.0.1 to ...", keepalived's own man page example)
            if (first == 0 && !w.isEmpty() && !ADDRESS_ARGUMENT.contains(w.get(0).text())) {
                checkRouteAddress(w.get(0), instance);
            }
            for (int i = 0; i + 1 < w.size(); i++) {
                if (ADDRESS_ARGUMENT.contains(w.get(i).text())) {
                    Token a = w.get(i + 1);
                    if (a.text().equals("inet") || a.text().equals("inet6")) {
                        if (i + 2 < w.size()) {
                            checkRouteAddress(w.get(i + 2), instance);
                        }
                    } else if (!ROUTE_WORDS.contains(a.text())) {
                        checkRouteAddress(a, instance);
                    }
                }
            }
        }
    }

    private void checkRouteAddress(Token t, String instance) {
        String x = t.text();
        String addr = x.indexOf('/') >= 0 ? x.substring(0, x.indexOf('/')) : x;
        if (Values.parseAddress(addr).isEmpty()) {
            f.error(t.pos(), "(" + instance + ") invalid address '" + x + "' in a virtual route or rule");
        } else if (x.indexOf('/') >= 0) {
            v.prefix(t);
        }
    }

    private void peers(Statement block, InstanceSpec in) {
        for (Statement s : block.children()) {
            Optional<InetAddress> a = v.address(s.keyword());
            OptionalInt min = OptionalInt.empty();
            OptionalInt max = OptionalInt.empty();
            List<Token> args = s.args();
            for (int i = 0; i < args.size(); i++) {
                String w = args.get(i).text();
                if ((w.equals("min_ttl") || w.equals("max_ttl")) && i + 1 < args.size()) {
                    OptionalLong x = v.integer(args.get(++i), 0, 255);
                    if (x.isPresent()) {
                        if (w.equals("min_ttl")) {
                            min = OptionalInt.of((int) x.getAsLong());
                        } else {
                            max = OptionalInt.of((int) x.getAsLong());
                        }
                    }
                } else {
                    f.error(args.get(i).pos(), "unicast_peer: unexpected '" + w + "'");
                }
            }
            if (a.isPresent()) {
                in.peers.add(new UnicastPeer(a.get(), min, max));
            }
        }
    }

    private static final java.util.Set<String> VIP_FLAGS = java.util.Set.of("home", "-nodad", "nodad", "mngtmpaddr",
            "noprefixroute", "autojoin", "use_vmac");

    private void vips(Statement block, List<VirtualAddress> out, String instance, boolean advertised) {
        IpFamily family = null;
        Token firstOfFamily = null;
        for (Statement s : block.children()) {
            Optional<IpPrefix> p = v.prefix(s.keyword());
            Optional<InetAddress> brd = Optional.empty();
            Optional<String> dev = Optional.empty();
            Optional<String> scope = Optional.empty();
            Optional<String> label = Optional.empty();
            Optional<InetAddress> peer = Optional.empty();
            Optional<String> lft = Optional.empty();
            boolean noTrack = false;
            List<String> flags = new ArrayList<>();
            List<Token> a = s.args();
            for (int i = 0; i < a.size(); i++) {
                String w = a.get(i).text();
                if (VIP_FLAGS.contains(w)) {
                    flags.add(w);
                    continue;
                }
                if (w.equals("no_track")) {
                    noTrack = true;
                    continue;
                }
                if (i + 1 >= a.size()) {
                    f.error(a.get(i).pos(), "(" + instance + ") virtual address option '" + w + "' needs a value or is unknown");
                    continue;
                }
                Token val = a.get(++i);
                switch (w) {
                    case "brd", "broadcast" -> brd = v.address(val);
                    case "dev" -> dev = Optional.of(val.text());
                    case "scope" -> scope = Optional.of(val.text());
                    case "label" -> label = Optional.of(val.text());
                    case "peer" -> peer = v.address(val);
                    case "preferred_lft" -> lft = Optional.of(val.text());
                    default -> {
                        f.error(a.get(i - 1).pos(), "(" + instance + ") unknown virtual address option '" + w + "'");
                        i--;
                    }
                }
            }
            if (p.isEmpty()) {
                continue;
            }
            if (advertised) {
                if (family == null) {
                    family = p.get().family();
                    firstOfFamily = s.keyword();
                } else if (family != p.get().family()) {
                    f.error(s.pos(), "(" + instance + ") mixed address families in virtual_ipaddress: " + AddressText.of(p.get().address())
                            + " is " + p.get().family().keyword() + " but " + firstOfFamily.text() + " is " + family.keyword()
                            + "; put the other family in virtual_ipaddress_excluded");
                    continue;
                }
            }
            out.add(new VirtualAddress(p.get(), brd, dev, scope, label, peer, noTrack, lft, List.copyOf(flags)));
        }
    }

    /** Everything the instance resolution needs from outside the instance. */
    record Context(GlobalDefsBuilder globals, Map<String, VrrpScript> scripts, Map<String, TrackFile> files,
                   Map<String, TrackProcess> processes, Map<String, SyncGroupSpec> groupOf) {
    }

    Optional<VrrpInstance> resolve(InstanceSpec in, Context cx) {
        GlobalDefsBuilder g = cx.globals();
        String n = "(" + in.name + ") ";
        if (in.vrid.isEmpty()) {
            if (in.vridToken == null) {
                f.error(in.at.pos(), n + "the virtual router id must be set");
            }
            return Optional.empty();
        }
        boolean strict = in.strict.orElse(g.strict);
        IpFamily family = in.vips.isEmpty() ? IpFamily.INET : in.vips.get(0).family();
        int version = in.version.orElse(g.vrrpVersion);
        if (family == IpFamily.INET6 && version == 2) {
            if (in.version.isPresent()) {
                f.warning(in.at.pos(), n + "IPv6 instances always use VRRPv3; version 2 ignored");
            }
            version = 3;
        }
        VrrpState state = in.state;
        int priority = in.priority.orElse(state == VrrpState.MASTER && in.priority.isEmpty() ? 255 : 100);
        if (state == null) {
            state = priority == 255 ? VrrpState.MASTER : VrrpState.BACKUP;
        }
        if (in.nopreempt && state == VrrpState.MASTER) {
            f.error(in.nopreemptToken.pos(), n + "nopreempt is incompatible with state MASTER; use state BACKUP on every node");
        }
        if (in.preemptDelayToken != null && in.preemptDelay.compareTo(Duration.ZERO) > 0 && state == VrrpState.MASTER) {
            f.warning(in.preemptDelayToken.pos(), n + "preempt_delay is ignored with state MASTER");
        }
        Duration advert = in.advert.orElse(Duration.ofSeconds(1));
        if (in.advert.isPresent()) {
            BigDecimal secs = BigDecimal.valueOf(advert.toNanos(), 9);
            if (version == 2 && secs.stripTrailingZeros().scale() > 0) {
                BigDecimal r = secs.setScale(0, RoundingMode.HALF_UP).max(BigDecimal.ONE);
                f.warning(in.advertToken.pos(), n + "VRRPv2 advertisement interval " + in.advertToken.text() + "s must be an integer; rounding to " + r + "s");
                advert = Duration.ofSeconds(r.longValue());
            } else if (version == 3) {
                if (secs.compareTo(new BigDecimal("40.95")) > 0) {
                    f.warning(in.advertToken.pos(), n + "VRRPv3 advertisement interval " + in.advertToken.text() + "s is out of range; must be less than 40.96s, using 40.95s");
                    advert = Duration.ofMillis(40950);
                } else if (secs.movePointRight(2).stripTrailingZeros().scale() > 0) {
                    BigDecimal r = secs.setScale(2, RoundingMode.HALF_UP);
                    f.warning(in.advertToken.pos(), n + "VRRPv3 advertisement interval " + in.advertToken.text() + "s must be in units of 10ms; rounding to " + r + "s");
                    advert = Duration.ofMillis(r.movePointRight(3).longValue());
                }
            }
        }
        Optional<Authentication> auth = in.auth;
        if (auth.isPresent() && version == 3) {
            f.warning(in.authPos, n + "VRRP version 3 does not support authentication. Ignoring.");
            auth = Optional.empty();
        }
        if (strict) {
            if (auth.isPresent()) {
                f.error(in.authPos, n + "authentication is not allowed in strict mode");
            }
            if (!in.peers.isEmpty()) {
                f.error(in.at.pos(), n + "unicast peers are not allowed in strict mode");
            }
            if ((state == VrrpState.MASTER) != (priority == 255)) {
                f.error(in.stateToken != null ? in.stateToken.pos() : in.at.pos(), n + "State MASTER must match being address owner (strict mode)");
            }
            if (in.vips.isEmpty()) {
                f.error(in.at.pos(), n + "strict mode needs at least one VIP");
            }
        }
        if (in.vips.isEmpty()) {
            f.warning(in.at.pos(), n + "No VIP specified; at least one is sensible");
        }
        Optional<String> iface = in.iface.or(() -> g.defaultInterface);
        if (iface.isEmpty()) {
            // keepalived 2.2.7 refuses an instance without interface, unicast ones included ("Unknown interface!")
            f.error(in.at.pos(), n + "no interface set");
        }
        if (in.peers.isEmpty() && (in.unicastSrc.isPresent() || in.unicastTtl.isPresent() || in.unicastFaultNoPeer)) {
            f.warning(in.at.pos(), n + "A unicast keyword has been specified without any unicast peers; defaulting to multicast");
        }
        for (UnicastPeer p : in.peers) {
            if (IpFamily.of(p.address()) != family && !in.vips.isEmpty()) {
                f.error(in.at.pos(), n + "unicast peer " + AddressText.of(p.address()) + " is not of the VIP family " + family.keyword());
            }
        }
        if (in.unicastSrc.isPresent() && !in.peers.isEmpty() && IpFamily.of(in.unicastSrc.get()) != IpFamily.of(in.peers.get(0).address())) {
            f.error(in.at.pos(), n + "unicast_src_ip and unicast peers have different address families");
        }
        SyncGroupSpec sg = cx.groupOf().get(in.name);
        Trackers trackers = trackers(in.hooks, cx, n, sg != null && !sg.trackingWeight, priority == 255);
        GarpSettings gg = g.garp();
        // an instance's garp_master_* also becomes its lower_prio default, as the global ones do
        GarpSettings garp = new GarpSettings(
                in.garpMasterDelay.orElse(gg.masterDelay()),
                in.garpMasterRepeat.orElse(gg.masterRepeat()),
                in.garpLowerPrioDelay.or(() -> in.garpMasterDelay).orElse(gg.lowerPrioDelay()),
                in.garpLowerPrioRepeat.or(() -> in.garpMasterRepeat).orElse(gg.lowerPrioRepeat()),
                in.garpMasterRefresh.orElse(gg.masterRefresh()),
                in.garpMasterRefreshRepeat.orElse(gg.masterRefreshRepeat()),
                gg.interval(), gg.gnaInterval(), gg.minGarp());
        InetAddress group = in.mcastDst.orElse(family == IpFamily.INET ? g.group4 : g.group6);
        return Optional.of(new VrrpInstance(in.name, state, iface, in.vrid.getAsInt(), priority, advert, version,
                in.nopreempt, state == VrrpState.MASTER ? Duration.ZERO : in.preemptDelay, auth, List.copyOf(in.vips),
                List.copyOf(in.excluded), List.copyOf(in.routes), List.copyOf(in.rules), in.unicastSrc,
                List.copyOf(in.peers), in.unicastTtl, in.unicastFaultNoPeer, in.checkUnicastSrc || g.checkUnicastSrc,
                in.mcastSrc, group, trackers, in.dontTrackPrimary, notifications(in.hooks),
                in.hooks.smtpAlert.orElse(g.smtpAlert.orElse(false)), garp,
                in.downTimerAdverts.orElse(g.downTimerAdverts), in.lowerPrioNoAdvert.orElse(g.lowerPrioNoAdvert),
                in.higherPrioSendAdvert.orElse(g.higherPrioSendAdvert), in.skipCheckAdvAddr.orElse(g.skipCheckAdvAddr),
                strict, in.accept.orElse(!strict), in.promoteSecondaries, in.useVmac, in.v3ChecksumAsV2, in.vmacXmitBase));
    }

    static Notifications notifications(Hooks h) {
        Map<String, Script> m = h.notify;
        return new Notifications(Optional.ofNullable(m.get("notify_master")), Optional.ofNullable(m.get("notify_backup")),
                Optional.ofNullable(m.get("notify_fault")), Optional.ofNullable(m.get("notify_stop")),
                Optional.ofNullable(m.get("notify")), Optional.ofNullable(m.get("notify_deleted")),
                Optional.ofNullable(m.get("notify_master_rx_lower_pri")), h.priorityChanges);
    }

    /**
     * Resolves tracker references: unknown names are errors; weights default to the tracker's own. For a
     * member of a sync group (without sync_group_tracking_weight) weighted trackers are dropped as
     * keepalived does, and an owner ignores weights.
     */
    Trackers trackers(Hooks h, Context cx, String n, boolean syncMember, boolean owner) {
        List<TrackedInterface> ifs = new ArrayList<>();
        for (TrackRef r : h.interfaces) {
            int w = r.weight().orElse(0);
            if (w != 0 && syncMember) {
                f.warning(r.name().pos(), n + "ignoring weight of tracked interface " + r.name().text() + " due to SYNC group");
                w = 0;
            }
            ifs.add(new TrackedInterface(r.name().text(), w, r.reverse().orElse(false)));
        }
        List<TrackedScript> scripts = new ArrayList<>();
        for (TrackRef r : h.scripts) {
            VrrpScript s = cx.scripts().get(r.name().text());
            if (s == null) {
                f.error(r.name().pos(), n + "unknown track_script '" + r.name().text() + "' (no vrrp_script of that name)");
                continue;
            }
            int w = r.weight().orElse(s.weight());
            if (w != 0 && (syncMember || owner)) {
                f.warning(r.name().pos(), n + "ignoring tracked script " + r.name().text() + " with weight " + w
                        + (owner ? " on the address owner" : " due to SYNC group"));
                continue;
            }
            scripts.add(new TrackedScript(s.name(), w, r.reverse().orElse(s.reverse())));
        }
        List<TrackedFile> files = new ArrayList<>();
        for (TrackRef r : h.files) {
            TrackFile t = cx.files().get(r.name().text());
            if (t == null) {
                f.error(r.name().pos(), n + "unknown track_file '" + r.name().text() + "' (no track_file block of that name)");
                continue;
            }
            int w = r.weight().orElse(t.weight());
            if (w != 0 && (syncMember || owner)) {
                if (w == 1 && r.weight().isEmpty()) {
                    w = 0;
                } else {
                    f.warning(r.name().pos(), n + "ignoring tracked file " + r.name().text() + " with weight " + w
                            + (owner ? " on the address owner" : " due to SYNC group"));
                    continue;
                }
            }
            files.add(new TrackedFile(t.name(), w, r.reverse().orElse(t.reverse())));
        }
        List<TrackedProcess> procs = new ArrayList<>();
        for (TrackRef r : h.processes) {
            TrackProcess p = cx.processes().get(r.name().text());
            if (p == null) {
                f.error(r.name().pos(), n + "unknown track_process '" + r.name().text() + "' (no vrrp_track_process of that name)");
                continue;
            }
            procs.add(new TrackedProcess(p.name(), r.weight().orElse(p.weight()), r.reverse().orElse(p.reverse())));
        }
        return new Trackers(List.copyOf(ifs), List.copyOf(scripts), List.copyOf(files), List.copyOf(procs));
    }

    VrrpSyncGroup resolve(SyncGroupSpec g, Context cx) {
        List<String> members = new ArrayList<>();
        for (Token t : g.members) {
            members.add(t.text());
        }
        Trackers trackers = trackers(g.hooks, cx, "(" + g.name + ") ", false, false);
        return new VrrpSyncGroup(g.name, List.copyOf(members), trackers, notifications(g.hooks),
                g.hooks.smtpAlert.orElse(cx.globals().smtpAlert.orElse(false)), g.trackingWeight);
    }
}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.AddressText;
import dev.fulcrum.conf.model.CheckTarget;
import dev.fulcrum.conf.model.Checker;
import dev.fulcrum.conf.model.CheckerTiming;
import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.Forwarding;
import dev.fulcrum.conf.model.HttpUrl;
import dev.fulcrum.conf.model.IpFamily;
import dev.fulcrum.conf.model.IpPrefix;
import dev.fulcrum.conf.model.LvsMethod;
import dev.fulcrum.conf.model.Persistence;
import dev.fulcrum.conf.model.Protocol;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.RegexOption;
import dev.fulcrum.conf.model.SchedulerFlag;
import dev.fulcrum.conf.model.Script;
import dev.fulcrum.conf.model.ScriptUser;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.conf.model.SorryServer;
import dev.fulcrum.conf.model.StatusRange;
import dev.fulcrum.conf.model.TunnelChecksum;
import dev.fulcrum.conf.model.TunnelType;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.conf.model.VirtualServerGroup;
import dev.fulcrum.conf.model.VsgEntry;
import dev.fulcrum.conf.syntax.Statement;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the LVS side: {@code virtual_server_group}, {@code virtual_server}, {@code real_server} and the
 * checkers, applying VS -> RS -> checker inheritance and the per-checker defaults as it goes.
 */
final class LvsBuilder {
    /** keepalived's largest timer: UINT64 microseconds. */
    private static final double MAX_TIMER = 18446744073709.551614;
    private static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo",
            "ovf", "lblcr", "sed", "nq", "twos");

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration THREE_SECONDS = Duration.ofSeconds(3);

    private final Findings f;
    private final Values v;
    /** FILE_CHECK track_file references, resolved once every track_file is known. */
    final List<Token> fileCheckRefs = new ArrayList<>();

    /**
     * What a virtual server takes from {@code global_defs}: everything {@link #virtualServer} reads from
     * the globals goes through here, so a streamed load can tell when a later {@code global_defs} changed
     * something an already built virtual server used (and redo the load in batch order).
     */
    record Defaults(boolean checkerLogAllFailures, Optional<Boolean> smtpAlert) {
        static Defaults of(GlobalDefsBuilder g) {
            return new Defaults(g.checkerLogAllFailures, g.smtpAlert);
        }

        // written out: compared once per reused block, and the generated equals goes through method handles,
        // which the launcher's C1-only JIT does not inline
        @Override
        public boolean equals(Object o) {
            return o instanceof Defaults d && checkerLogAllFailures == d.checkerLogAllFailures && smtpAlert.equals(d.smtpAlert);
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(checkerLogAllFailures) * 31 + smtpAlert.hashCode();
        }
    }

    LvsBuilder(Findings f, Values v) {
        this.f = f;
        this.v = v;
    }

    Optional<VirtualServerGroup> group(Statement block) {
        if (block.args().isEmpty()) {
            f.error(block.pos(), "'virtual_server_group' needs a name");
            return Optional.empty();
        }
        String name = block.args().get(0).text();
        List<VsgEntry> entries = new ArrayList<>();
        List<Statement> body = block.children();
        for (int i = 0; i < body.size(); i++) {
            Statement s = body.get(i);
            if (s.name().equals("fwmark")) {
                if (s.args().isEmpty()) {
                    f.error(s.pos(), "'fwmark' needs a mark");
                    continue;
                }
                OptionalLong m = v.integer(s.args().get(0), 1, 4294967295L);
                Optional<IpFamily> fam = Optional.empty();
                if (s.args().size() > 1) {
                    fam = family(s.args().get(1));
                }
                if (m.isPresent()) {
                    entries.add(new VsgEntry.Fwmark(m.getAsLong(), fam));
                }
                continue;
            }
            range(s.keyword()).ifPresent(r -> {
                int port = 0;
                if (!s.args().isEmpty()) {
                    port = v.port(s.args().get(0));
                }
                if (s.args().size() > 1) {
                    f.error(s.args().get(1).pos(), "virtual_server_group " + name + ": unexpected '" + s.args().get(1).text() + "'");
                }
                entries.add(new VsgEntry.Range(r[0], r[1], port));
            });
        }
        if (entries.isEmpty()) {
            f.warning(block.pos(), "virtual_server_group " + name + " is empty");
        }
        return Optional.of(new VirtualServerGroup(name, List.copyOf(entries)));
    }

    private Optional<IpFamily> family(Token t) {
        return switch (t.text()) {
            case "inet" -> Optional.of(IpFamily.INET);
            case "inet6" -> Optional.of(IpFamily.INET6);
            default -> {
                f.error(t.pos(), "unknown address family '" + t.text() + "' (inet or inet6)");
                yield Optional.empty();
            }
        };
    }

    /** {@code A}, {@code A-B}, {@code A-LAST} (last group), {@code A/len}. */
    private Optional<InetAddress[]> range(Token t) {
        String s = t.text();
        int slash = s.indexOf('/');
        if (slash > 0) {
            Optional<IpPrefix> p = v.prefix(t);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            byte[] b = p.get().address().getAddress();
            byte[] lo = b.clone();
            byte[] hi = b.clone();
            for (int bit = p.get().prefixLength(); bit < b.length * 8; bit++) {
                lo[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
                hi[bit / 8] |= (byte) (0x80 >> (bit % 8));
            }
            return Optional.of(new InetAddress[] {addr(lo), addr(hi)});
        }
        int dash = s.indexOf('-');
        if (dash < 0) {
            return v.address(t).map(a -> new InetAddress[] {a, a});
        }
        Optional<InetAddress> first = Values.parseAddress(s.substring(0, dash));
        String tail = s.substring(dash + 1);
        if (first.isEmpty()) {
            f.error(t.pos(), "invalid IP address range '" + s + "'");
            return Optional.empty();
        }
        Optional<InetAddress> last = Values.parseAddress(tail);
        if (last.isEmpty()) {
            // A-N: N replaces the last group (octet for IPv4, hex group for IPv6)
            byte[] b = first.get().getAddress();
            try {
                if (b.length == 4) {
                    int n = Integer.parseInt(tail);
                    if (n < 0 || n > 255) {
                        throw new NumberFormatException();
                    }
                    b[3] = (byte) n;
                } else {
                    int n = Integer.parseInt(tail, 16);
                    if (n < 0 || n > 0xffff) {
                        throw new NumberFormatException();
                    }
                    b[14] = (byte) (n >> 8);
                    b[15] = (byte) n;
                }
            } catch (NumberFormatException e) {
                f.error(t.pos(), "invalid IP address range '" + s + "'");
                return Optional.empty();
            }
            last = Optional.of(addr(b));
        }
        if (IpFamily.of(first.get()) != IpFamily.of(last.get())
                || new BigInteger(1, last.get().getAddress()).compareTo(new BigInteger(1, first.get().getAddress())) < 0) {
            f.error(t.pos(), "invalid IP address range '" + s + "' (end before start or mixed families)");
            return Optional.empty();
        }
        return Optional.of(new InetAddress[] {first.get(), last.get()});
    }

    private static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values that real servers and checkers inherit. */
    private record Inherited(Duration delayLoop, Optional<Duration> connectTimeout, Optional<Integer> retry,
                             Optional<Duration> delayBeforeRetry, Optional<Duration> warmup, Optional<Boolean> alpha,
                             Optional<String> virtualhost, Optional<Boolean> logAllFailures) {
    }

    /** Mutable reading of timing keywords at one level. */
    private final class Timing {
        Optional<Duration> delayLoop = Optional.empty();
        Optional<Duration> connectTimeout = Optional.empty();
        Optional<Integer> retry = Optional.empty();
        Optional<Duration> delayBeforeRetry = Optional.empty();
        Optional<Duration> warmup = Optional.empty();
        Optional<Boolean> alpha = Optional.empty();
        Optional<Boolean> logAllFailures = Optional.empty();

        boolean read(Statement s) {
            switch (s.name()) {
                // ranges as keepalived 2.2.7 checks them (µs timers; connect_timeout is 32-bit)
                case "delay_loop" -> delayLoop = v.timer(s, 0.000001, MAX_TIMER);
                case "connect_timeout" -> connectTimeout = v.timer(s, 0.000001, 4294.967295);
                case "retry" -> retry = v.intValue(s, 0, Integer.MAX_VALUE);
                case "nb_get_retry" -> {
                    f.warning(s.pos(), "nb_get_retry is deprecated - please use 'retry'");
                    retry = v.intValue(s, 0, Integer.MAX_VALUE);
                }
                case "delay_before_retry" -> delayBeforeRetry = v.timer(s, 0, MAX_TIMER);
                case "warmup" -> warmup = v.timer(s, 0, MAX_TIMER);
                case "alpha" -> alpha = Optional.of(v.flag(s));
                case "log_all_failures" -> logAllFailures = Optional.of(v.flag(s));
                default -> {
                    return false;
                }
            }
            return true;
        }

        Inherited over(Inherited parent, Optional<String> virtualhost) {
            // plain conditionals rather than Optional.or(supplier): the director runs C1 only, which allocates
            // every method reference here, for each of tens of thousands of checkers
            return new Inherited(delayLoop.isPresent() ? delayLoop.get() : parent.delayLoop(),
                    connectTimeout.isPresent() ? connectTimeout : parent.connectTimeout(),
                    retry.isPresent() ? retry : parent.retry(),
                    delayBeforeRetry.isPresent() ? delayBeforeRetry : parent.delayBeforeRetry(),
                    warmup.isPresent() ? warmup : parent.warmup(), alpha.isPresent() ? alpha : parent.alpha(),
                    virtualhost.isPresent() ? virtualhost : parent.virtualhost(),
                    logAllFailures.isPresent() ? logAllFailures : parent.logAllFailures());
        }
    }

    Optional<VirtualServer> virtualServer(Statement block, Defaults g, java.util.Map<String, VirtualServerGroup> groups) {
        List<Token> a = block.args();
        ServiceAddress address = null;
        if (a.isEmpty()) {
            f.error(block.pos(), "'virtual_server' needs an address, 'fwmark N' or 'group NAME'");
            return Optional.empty();
        }
        String kind = a.get(0).text();
        if (kind.equals("fwmark")) {
            if (a.size() < 2) {
                f.error(a.get(0).pos(), "'virtual_server fwmark' needs a mark");
                return Optional.empty();
            }
            OptionalLong m = v.integer(a.get(1), 1, 4294967295L);
            if (m.isEmpty()) {
                return Optional.empty();
            }
            address = new ServiceAddress.Fwmark(m.getAsLong(), IpFamily.INET);
        } else if (kind.equals("group")) {
            if (a.size() < 2) {
                f.error(a.get(0).pos(), "'virtual_server group' needs a group name");
                return Optional.empty();
            }
            address = new ServiceAddress.Group(a.get(1).text());
        } else {
            Optional<InetAddress> ip = v.address(a.get(0));
            int port = a.size() > 1 ? v.port(a.get(1)) : 0;
            if (ip.isEmpty()) {
                return Optional.empty();
            }
            address = new ServiceAddress.Inet(ip.get(), port);
        }
        Timing timing = new Timing();
        Protocol protocol = null;
        Token protocolToken = null;
        String sched = null;
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        boolean ops = false;
        Forwarding fwd = null;
        Optional<Duration> persistTimeout = Optional.empty();
        Optional<InetAddress> granularity = Optional.empty();
        Optional<String> engine = Optional.empty();
        int quorum = 1;
        int hysteresis = 0;
        Token hysteresisToken = null;
        Optional<Script> quorumUp = Optional.empty();
        Optional<Script> quorumDown = Optional.empty();
        Optional<Endpoint> sorry = Optional.empty();
        boolean sorryInhibit = false;
        Forwarding sorryFwd = null;
        boolean omega = false;
        boolean haSuspend = false;
        Token haSuspendToken = null;
        boolean inhibit = false;
        int weight = 1;
        Optional<String> virtualhost = Optional.empty();
        Optional<Boolean> smtpAlert = Optional.empty();
        Optional<IpFamily> ipFamily = Optional.empty();
        List<Statement> rsBlocks = new ArrayList<>();
        List<Statement> body = block.children();
        for (int i = 0; i < body.size(); i++) {
            Statement s = body.get(i);
            if (timing.read(s)) {
                continue;
            }
            String k = s.name();
            switch (k) {
                case "lvs_sched", "lb_algo" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        if (SCHEDULERS.contains(t.get().text())) {
                            sched = t.get().text();
                        } else {
                            f.error(t.get().pos(), "unknown scheduler '" + t.get().text() + "' (one of " + String.join(" ", new java.util.TreeSet<>(SCHEDULERS)) + ")");
                        }
                    }
                }
                case "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback" -> {
                    String needs = k.startsWith("sh-") ? "sh" : k.startsWith("mh-") ? "mh" : null;
                    if (needs != null && !needs.equals(sched == null ? VirtualServer.DEFAULT_SCHEDULER : sched)) {
                        // keepalived checks this when it reads the flag, so lvs_sched must come first
                        f.warning(s.pos(), k + " only applies to " + needs + " scheduler - ignoring (set lvs_sched " + needs + " before it)");
                        continue;
                    }
                    for (SchedulerFlag fl : SchedulerFlag.values()) {
                        if (fl.keyword().equals(k)) {
                            flags.add(fl);
                        }
                    }
                }
                case "ops" -> ops = true;
                case "hashed" -> {
                    // accepted flag without effect
                }
                case "lvs_method", "lb_kind" -> {
                    Forwarding x = forwarding(s);
                    if (x != null) {
                        fwd = x;
                    }
                }
                case "persistence_engine" -> engine = v.arg(s).map(Token::text);
                case "persistence_timeout" -> {
                    if (s.args().isEmpty()) {
                        persistTimeout = Optional.of(Persistence.DEFAULT_TIMEOUT);
                    } else {
                        OptionalLong x = v.integer(s.args().get(0), 1, 2678400);
                        if (x.isPresent()) {
                            persistTimeout = Optional.of(Duration.ofSeconds(x.getAsLong()));
                        }
                    }
                }
                case "persistence_granularity" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        Optional<InetAddress> m = Values.parseAddress(t.get().text());
                        if (m.isEmpty() || !isNetmask(m.get())) {
                            f.error(t.get().pos(), "persistence_granularity '" + t.get().text() + "' is not a netmask");
                        } else {
                            granularity = m;
                        }
                    }
                }
                case "protocol" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        try {
                            protocol = Protocol.valueOf(t.get().text().toUpperCase(Locale.ROOT));
                            protocolToken = t.get();
                        } catch (IllegalArgumentException e) {
                            f.error(t.get().pos(), "unknown protocol '" + t.get().text() + "' (TCP, UDP or SCTP)");
                        }
                    }
                }
                case "ha_suspend" -> {
                    haSuspend = true;
                    haSuspendToken = s.keyword();
                }
                case "omega" -> omega = true;
                case "quorum" -> quorum = v.intValue(s, 1, Integer.MAX_VALUE).orElse(quorum);
                case "hysteresis" -> {
                    hysteresisToken = s.keyword();
                    hysteresis = v.intValue(s, 0, Integer.MAX_VALUE).orElse(hysteresis);
                }
                case "quorum_up" -> {
                    if (quorumUp.isPresent()) {
                        f.warning(s.pos(), "quorum_up script already specified - ignoring this one");
                    } else {
                        quorumUp = v.script(s);
                    }
                }
                case "quorum_down" -> {
                    if (quorumDown.isPresent()) {
                        f.warning(s.pos(), "quorum_down script already specified - ignoring this one");
                    } else {
                        quorumDown = v.script(s);
                    }
                }
                case "sorry_server" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'sorry_server' needs an address");
                    } else {
                        Optional<InetAddress> ip = v.address(s.args().get(0));
                        int port = s.args().size() > 1 ? v.port(s.args().get(1)) : 0;
                        sorry = ip.map(x -> new Endpoint(x, port));
                    }
                }
                case "sorry_server_inhibit" -> sorryInhibit = v.flag(s);
                case "sorry_server_lvs_method" -> {
                    Forwarding x = forwarding(s);
                    if (x != null) {
                        sorryFwd = x;
                    }
                }
                case "virtualhost" -> virtualhost = v.arg(s).map(Token::text);
                case "snmp_name" -> {
                    // SNMP is outside a director's scope
                }
                case "smtp_alert" -> smtpAlert = Optional.of(v.flag(s));
                case "ip_family" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        ipFamily = family(t.get());
                    }
                }
                case "weight" -> weight = v.intValue(s, 1, Integer.MAX_VALUE).orElse(weight);
                case "inhibit_on_failure" -> inhibit = v.flag(s);
                case "real_server" -> rsBlocks.add(s);
                default -> f.warning(s.pos(), Keywords.unknown(k, Keywords.VS));
            }
        }
        boolean isFwmark = address instanceof ServiceAddress.Fwmark;
        if (address instanceof ServiceAddress.Group gr && groups.containsKey(gr.name())) {
            List<VsgEntry> entries = groups.get(gr.name()).entries();
            // a group of fwmarks is a fwmark service for protocol purposes, as in keepalived
            isFwmark = !entries.isEmpty() && entries.stream().allMatch(e -> e instanceof VsgEntry.Fwmark);
        }
        if (address instanceof ServiceAddress.Fwmark && ipFamily.isPresent()) {
            address = new ServiceAddress.Fwmark(((ServiceAddress.Fwmark) address).mark(), ipFamily.get());
        }
        if (isFwmark && protocolToken != null) {
            f.warning(protocolToken.pos(), vsName(block) + ": protocol specified for fwmark - protocol will be ignored");
        }
        if (!isFwmark && protocol == null) {
            f.warning(block.pos(), vsName(block) + ": no protocol set - defaulting to UDP");
        }
        if (protocol == null) {
            protocol = Protocol.UDP;
        }
        if (sched == null) {
            f.warning(block.pos(), vsName(block) + ": no scheduler set, setting default '" + VirtualServer.DEFAULT_SCHEDULER + "'");
            sched = VirtualServer.DEFAULT_SCHEDULER;
        }
        if (fwd == null) {
            f.warning(block.pos(), vsName(block) + ": no forwarding method set, setting default NAT");
            fwd = Forwarding.NAT;
        }
        if (haSuspend && isFwmark) {
            f.warning(haSuspendToken.pos(), vsName(block) + ": ha_suspend is not supported with fwmark services - ignoring");
            haSuspend = false;
        }
        if (ops && protocol != Protocol.UDP && !isFwmark) {
            f.warning(block.pos(), vsName(block) + ": one-packet scheduling (ops) applies to UDP only");
        }
        Duration delayLoop = timing.delayLoop.orElse(VirtualServer.DEFAULT_DELAY_LOOP);
        Inherited vsInh = new Inherited(delayLoop, timing.connectTimeout, timing.retry, timing.delayBeforeRetry,
                timing.warmup, timing.alpha, virtualhost, timing.logAllFailures.isPresent() ? timing.logAllFailures : Optional.of(g.checkerLogAllFailures()));
        boolean persistent = persistTimeout.isPresent();
        IpFamily vsFamily = address instanceof ServiceAddress.Inet i ? i.family()
                : address instanceof ServiceAddress.Fwmark fm ? fm.family() : null;
        List<RealServer> reals = new ArrayList<>();
        for (int i = 0; i < rsBlocks.size(); i++) {
            Statement rs = rsBlocks.get(i);
            Optional<RealServer> r = realServer(rs, vsInh, fwd, weight, inhibit, g, isFwmark, persistent, vsFamily, block);
            if (r.isPresent()) {
                reals.add(r.get());
            }
        }
        // one error per earlier equal endpoint, as a pairwise scan reports them: a scan for the usual few
        // servers, a map (linear time) for many
        java.util.HashMap<Endpoint, Integer> seen = reals.size() > 16 ? new java.util.HashMap<>(reals.size() * 2) : null;
        long sum = 0;
        for (int i = 0; i < reals.size(); i++) {
            RealServer r = reals.get(i);
            sum += r.weight();
            int earlier = 0;
            if (seen != null) {
                earlier = seen.merge(r.endpoint(), 1, Integer::sum) - 1;
            } else {
                for (int k = 0; k < i; k++) {
                    if (reals.get(k).endpoint().equals(r.endpoint())) {
                        earlier++;
                    }
                }
            }
            for (int k = 0; k < earlier; k++) {
                f.error(rsBlocks.get(i).pos(), vsName(block) + ": duplicate real_server " + r.endpoint());
            }
        }
        int effectiveQuorum = quorum;
        if (quorum > sum && sum > 0) {
            // keepalived lowers an unreachable quorum to the total weight, then checks hysteresis against it;
            // the model keeps the configured value and exposes VirtualServer.effectiveQuorum()
            f.warning(block.pos(), vsName(block) + ": quorum " + quorum + " exceeds total weight of real servers " + sum
                    + ", reducing quorum to " + sum);
            effectiveQuorum = (int) sum;
        }
        if (hysteresis >= effectiveQuorum && hysteresisToken != null) {
            f.error(hysteresisToken.pos(), vsName(block) + ": hysteresis " + hysteresis + " must be less than quorum " + effectiveQuorum);
        }
        Optional<SorryServer> sorryServer = Optional.empty();
        if (sorry.isPresent()) {
            sorryServer = Optional.of(new SorryServer(sorry.get(), sorryFwd != null ? sorryFwd : fwd, sorryInhibit));
        }
        Optional<Persistence> persistence = persistTimeout.map(t -> new Persistence(t, Optional.empty(), Optional.empty()));
        if (persistence.isPresent()) {
            persistence = Optional.of(new Persistence(persistence.get().timeout(), granularity, engine));
        }
        // without persistence_timeout the service is not persistent: granularity and engine have no effect
        // (keepalived accepts them silently)
        return Optional.of(new VirtualServer(address, protocol, sched, flags.isEmpty() ? Set.of() : Set.copyOf(flags), ops, fwd, persistence, quorum,
                hysteresis, quorumUp, quorumDown, sorryServer, timing.alpha.orElse(false), omega, haSuspend, inhibit,
                delayLoop, timing.connectTimeout.orElse(VirtualServer.DEFAULT_CONNECT_TIMEOUT), timing.retry,
                timing.delayBeforeRetry, timing.warmup, weight, virtualhost, smtpAlert.orElse(g.smtpAlert().orElse(false)),
                List.copyOf(reals)));
    }

    /** "Virtual server ARGS", for messages: made only when one is reported. */
    private static String vsName(Statement block) {
        return "Virtual server " + String.join(" ", block.argTexts());
    }

    private static boolean isNetmask(InetAddress a) {
        byte[] b = a.getAddress();
        boolean zero = false;
        for (byte x : b) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = ((x >> bit) & 1) == 1;
                if (one && zero) {
                    return false;
                }
                if (!one) {
                    zero = true;
                }
            }
        }
        return true;
    }

    /** {@code NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]}. */
    private Forwarding forwarding(Statement s) {
        List<Token> a = s.args();
        if (a.isEmpty()) {
            f.error(s.pos(), "'" + s.name() + "' needs NAT, DR or TUN");
            return null;
        }
        LvsMethod m;
        try {
            m = LvsMethod.valueOf(a.get(0).text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            f.error(a.get(0).pos(), "unknown forwarding method '" + a.get(0).text() + "' (NAT, DR or TUN)");
            return null;
        }
        TunnelType type = TunnelType.IPIP;
        int port = 0;
        TunnelChecksum csum = TunnelChecksum.NOCSUM;
        for (int i = 1; i < a.size(); i++) {
            String w = a.get(i).text();
            if (m != LvsMethod.TUN) {
                f.error(a.get(i).pos(), "'" + w + "': tunnel options only apply to TUN");
                break;
            }
            switch (w) {
                case "type" -> {
                    if (i + 1 >= a.size()) {
                        f.error(a.get(i).pos(), "'type' needs ipip, gue or gre");
                        continue;
                    }
                    Token t = a.get(++i);
                    try {
                        type = TunnelType.valueOf(t.text().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        f.error(t.pos(), "unknown tunnel type '" + t.text() + "' (ipip, gue or gre)");
                    }
                }
                case "port" -> {
                    if (i + 1 >= a.size()) {
                        f.error(a.get(i).pos(), "'port' needs a value");
                        continue;
                    }
                    OptionalLong p = v.integer(a.get(++i), 1, 65535);
                    if (p.isPresent()) {
                        port = (int) p.getAsLong();
                    }
                }
                case "nocsum" -> csum = TunnelChecksum.NOCSUM;
                case "csum" -> csum = TunnelChecksum.CSUM;
                case "remcsum" -> csum = TunnelChecksum.REMCSUM;
                default -> f.error(a.get(i).pos(), "unknown tunnel option '" + w + "'");
            }
        }
        if (type == TunnelType.GUE && port == 0) {
            f.error(s.pos(), "GUE tunnels need 'port N'");
        }
        if (type != TunnelType.GUE && port != 0) {
            f.error(s.pos(), "'port' only applies to GUE tunnels");
            port = 0;
        }
        if (type == TunnelType.GRE && csum == TunnelChecksum.REMCSUM) {
            f.error(s.pos(), "GRE tunnels do not support remcsum");
        }
        return new Forwarding(m, type, port, csum);
    }

    private Optional<RealServer> realServer(Statement block, Inherited vs, Forwarding vsFwd, int vsWeight, boolean vsInhibit,
                                            Defaults g, boolean fwmark, boolean persistent, IpFamily vsFamily,
                                            Statement vsBlock) {
        List<Token> a = block.args();
        if (a.isEmpty()) {
            f.error(block.pos(), "'real_server' needs an address");
            return Optional.empty();
        }
        Optional<InetAddress> ip = v.address(a.get(0));
        int port = 0;
        if (a.size() > 1) {
            port = v.port(a.get(1));
        } else if (!fwmark && !persistent) {
            f.error(block.pos(), vsName(vsBlock) + ": real_server " + a.get(0).text() + " needs a port (only fwmark or persistent services may omit it)");
        }
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        Endpoint ep = new Endpoint(ip.get(), port);
        Timing timing = new Timing();
        int weight = vsWeight;
        Forwarding fwd = vsFwd;
        boolean inhibit = vsInhibit;
        Optional<Script> up = Optional.empty();
        Optional<Script> down = Optional.empty();
        OptionalInt uth = OptionalInt.empty();
        OptionalInt lth = OptionalInt.empty();
        Optional<String> virtualhost = Optional.empty();
        Optional<Boolean> smtpAlert = Optional.empty();
        List<Statement> checkerBlocks = new ArrayList<>();
        List<Statement> body = block.children();
        for (int i = 0; i < body.size(); i++) {
            Statement s = body.get(i);
            if (timing.read(s)) {
                continue;
            }
            String k = s.name();
            switch (k) {
                case "weight" -> weight = v.intValue(s, 0, Integer.MAX_VALUE).orElse(weight);
                case "lvs_method" -> {
                    Forwarding x = forwarding(s);
                    if (x != null) {
                        fwd = x;
                    }
                }
                case "notify_up" -> {
                    if (up.isPresent()) {
                        f.warning(s.pos(), "notify_up script already specified - ignoring this one");
                    } else {
                        up = v.script(s);
                    }
                }
                case "notify_down" -> {
                    if (down.isPresent()) {
                        f.warning(s.pos(), "notify_down script already specified - ignoring this one");
                    } else {
                        down = v.script(s);
                    }
                }
                case "uthreshold" -> {
                    Optional<Integer> x = v.intValue(s, 0, Integer.MAX_VALUE);
                    if (x.isPresent()) {
                        uth = OptionalInt.of(x.get());
                    }
                }
                case "lthreshold" -> {
                    Optional<Integer> x = v.intValue(s, 0, Integer.MAX_VALUE);
                    if (x.isPresent()) {
                        lth = OptionalInt.of(x.get());
                    }
                }
                case "inhibit_on_failure" -> inhibit = v.flag(s);
                case "smtp_alert" -> smtpAlert = Optional.of(v.flag(s));
                case "virtualhost" -> virtualhost = v.arg(s).map(Token::text);
                case "snmp_name", "BFD_CHECK" -> {
                    // outside a director's scope
                }
                default -> {
                    if (Keywords.CHECKERS.contains(k)) {
                        checkerBlocks.add(s);
                    } else {
                        f.warning(s.pos(), Keywords.unknown(k, Keywords.RS));
                    }
                }
            }
        }
        if (uth.isPresent() && lth.isPresent() && lth.getAsInt() > uth.getAsInt()) {
            f.error(block.pos(), vsName(vsBlock) + ": real_server " + ep + " lthreshold " + lth.getAsInt() + " is above uthreshold " + uth.getAsInt());
        }
        if (vsFamily != null && fwd.method() != LvsMethod.TUN && ep.family() != vsFamily) {
            f.error(block.pos(), vsName(vsBlock) + ": real_server " + ep + " is " + ep.family().keyword()
                    + " but the service is " + vsFamily.keyword() + " (only TUN destinations may differ)");
        }
        Inherited rs = timing.over(vs, virtualhost);
        List<Checker> checkers = new ArrayList<>();
        for (int ci = 0; ci < checkerBlocks.size(); ci++) {
            Statement c = checkerBlocks.get(ci);
            Optional<Checker> x = checker(c, rs, ep, g);
            if (x.isPresent()) {
                checkers.add(x.get());
            }
        }
        return Optional.of(new RealServer(ep, weight, fwd, inhibit, rs.alpha().orElse(false), up, down, uth, lth,
                rs.delayLoop(), rs.virtualhost(), smtpAlert.orElse(g.smtpAlert().orElse(true)), List.copyOf(checkers)));
    }

    private Optional<Checker> checker(Statement block, Inherited rs, Endpoint ep, Defaults g) {
        String type = block.name();
        if (!block.hasBlock()) {
            f.error(block.pos(), type + " needs a { } block");
            return Optional.empty();
        }
        if (type.equals("FILE_CHECK")) {
            return fileCheck(block);
        }
        Set<String> known = switch (type) {
            case "HTTP_GET", "SSL_GET" -> Keywords.HTTP;
            case "MISC_CHECK" -> Keywords.MISC;
            case "UDP_CHECK" -> Keywords.UDP;
            case "DNS_CHECK" -> Keywords.DNS;
            case "SMTP_CHECK" -> Keywords.SMTP;
            default -> Keywords.COMMON_CHECK;
        };
        Timing timing = new Timing();
        Optional<InetAddress> connectIp = Optional.empty();
        OptionalInt connectPort = OptionalInt.empty();
        Optional<InetAddress> bindTo = Optional.empty();
        Optional<String> bindIf = Optional.empty();
        int bindPort = 0;
        OptionalLong mark = OptionalLong.empty();
        String httpProtocol = "1.0";
        boolean fastRecovery = false;
        Optional<String> vhost = Optional.empty();
        List<Statement> urls = new ArrayList<>();
        boolean sni = false;
        Optional<String> sniName = Optional.empty();
        boolean tlsCompliant = false;
        String miscPath = null;
        Optional<Duration> miscTimeout = Optional.empty();
        boolean miscDynamic = false;
        Optional<ScriptUser> user = Optional.empty();
        Optional<String> payload = Optional.empty();
        boolean requireReply = false;
        Optional<String> replyPattern = Optional.empty();
        int minReply = 0;
        int maxReply = 255;
        String dnsType = "SOA";
        String dnsName = ".";
        Optional<String> helo = Optional.empty();
        List<Statement> body = block.children();
        for (int i = 0; i < body.size(); i++) {
            Statement s = body.get(i);
            String k = s.name();
            if (!known.contains(k)) {
                f.warning(s.pos(), Keywords.unknown(k, known));
                continue;
            }
            if (timing.read(s)) {
                continue;
            }
            switch (k) {
                case "connect_ip" -> connectIp = v.address(s);
                case "connect_port" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        connectPort = OptionalInt.of(v.port(t.get()));
                    }
                }
                case "bindto" -> bindTo = v.address(s);
                case "bind_if" -> bindIf = v.arg(s).map(Token::text);
                case "bind_port" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        bindPort = v.port(t.get());
                    }
                }
                case "fwmark" -> {
                    OptionalLong x = v.integer(s, 0, 4294967295L);
                    if (x.isPresent()) {
                        mark = x;
                    }
                }
                case "http_protocol" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        String p = t.get().text();
                        if (p.equals("1.0") || p.equals("1.0C") || p.equals("1.1") || p.equals("1.0c")) {
                            httpProtocol = p.toUpperCase(Locale.ROOT);
                        } else {
                            f.error(t.get().pos(), "http_protocol must be 1.0, 1.0C or 1.1, not '" + p + "'");
                        }
                    }
                }
                case "fast_recovery" -> fastRecovery = v.flag(s);
                case "virtualhost" -> vhost = v.arg(s).map(Token::text);
                case "url" -> urls.add(s);
                case "enable_sni" -> sni = v.flag(s);
                case "sni_name" -> sniName = v.arg(s).map(Token::text);
                case "tls_compliant" -> tlsCompliant = v.flag(s);
                case "misc_path" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'misc_path' needs a command");
                    } else {
                        v.noteScript(s.pos());
                        miscPath = String.join(" ", s.argTexts());
                    }
                }
                case "misc_timeout" -> miscTimeout = v.timer(s, 0, 4294).filter(d -> !d.isZero());
                case "misc_dynamic" -> miscDynamic = v.flag(s);
                case "user" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'user' needs a user name");
                    } else {
                        user = Optional.of(Values.user(s.args()));
                    }
                }
                case "payload" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'payload' needs hex bytes");
                    } else {
                        payload = v.hex(s.args(), false);
                    }
                }
                case "require_reply" -> {
                    requireReply = true;
                    if (!s.args().isEmpty()) {
                        replyPattern = v.hex(s.args(), true);
                    }
                }
                case "min_reply_length" -> minReply = v.intValue(s, 0, 65535).orElse(minReply);
                case "max_reply_length" -> maxReply = v.intValue(s, 0, 65535).orElse(maxReply);
                case "type" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        String x = t.get().text().toUpperCase(Locale.ROOT);
                        if (Set.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA").contains(x)) {
                            dnsType = x;
                        } else {
                            f.error(t.get().pos(), "unknown DNS type '" + t.get().text() + "' (A NS CNAME SOA MX TXT AAAA)");
                        }
                    }
                }
                case "name" -> dnsName = v.arg(s).map(Token::text).orElse(dnsName);
                case "helo_name" -> helo = v.arg(s).map(Token::text);
                case "host" -> f.warning(s.pos(), "SMTP_CHECK 'host' sub-block is deprecated; use connect_ip/connect_port");
                default -> {
                    // known, not modelled
                }
            }
        }
        if (minReply > maxReply) {
            f.error(block.pos(), "UDP_CHECK min_reply_length " + minReply + " is above max_reply_length " + maxReply);
        }
        Inherited c = timing.over(rs, vhost);
        Duration delayLoop = c.delayLoop();
        int retryDefault = switch (type) {
            case "DNS_CHECK" -> 3;
            case "MISC_CHECK" -> 0;
            default -> 1;
        };
        Duration dbrDefault = switch (type) {
            case "HTTP_GET", "SSL_GET" -> THREE_SECONDS;
            case "DNS_CHECK" -> delayLoop;
            default -> ONE_SECOND;
        };
        Duration connectTimeout = type.equals("MISC_CHECK") ? miscTimeout.orElse(delayLoop)
                : c.connectTimeout().orElse(VirtualServer.DEFAULT_CONNECT_TIMEOUT);
        CheckerTiming ct = new CheckerTiming(delayLoop, connectTimeout,
                c.retry().orElse(retryDefault), c.delayBeforeRetry().orElse(dbrDefault), c.warmup().orElse(delayLoop),
                c.alpha().orElse(false), c.logAllFailures().orElse(g.checkerLogAllFailures()));
        InetAddress cip = connectIp.orElse(ep.address());
        CheckTarget target = new CheckTarget(cip, connectPort.orElse(ep.port()), bindTo, bindIf, bindPort, mark);
        if (bindTo.isPresent() && IpFamily.of(bindTo.get()) != IpFamily.of(cip)) {
            f.error(block.pos(), type + ": bindto " + AddressText.of(bindTo.get()) + " and " + AddressText.of(cip) + " are of different families");
        }
        if (type.equals("PING_CHECK") && bindPort != 0) {
            body.stream().filter(s -> s.name().equals("bind_port")).reduce((a, b) -> b).ifPresent(s -> f.warning(s.pos(),
                    "PING_CHECK: bind_port has no meaning for ICMP echo and is ignored (keepalived accepts it too)"));
        }
        if (!type.equals("MISC_CHECK") && !type.equals("PING_CHECK") && target.connectPort() == 0) {
            f.error(block.pos(), type + " for " + ep + " has no port: set connect_port (the real server has none)");
        }
        return switch (type) {
            case "TCP_CHECK" -> Optional.of(new Checker.TcpCheck(target, ct));
            case "HTTP_GET", "SSL_GET" -> {
                List<HttpUrl> list = new ArrayList<>();
                for (int ui = 0; ui < urls.size(); ui++) {
                    Statement u = urls.get(ui);
                    Optional<HttpUrl> x = url(u, c.virtualhost());
                    if (x.isPresent()) {
                        list.add(x.get());
                    }
                }
                if (list.isEmpty()) {
                    f.error(block.pos(), type + " needs at least one url { path ... }");
                    yield Optional.empty();
                }
                yield type.equals("HTTP_GET")
                        ? Optional.of(new Checker.HttpGet(target, ct, httpProtocol, fastRecovery, c.virtualhost(), List.copyOf(list)))
                        : Optional.of(new Checker.SslGet(target, ct, httpProtocol, fastRecovery, c.virtualhost(), List.copyOf(list), sni, sniName, tlsCompliant));
            }
            case "MISC_CHECK" -> {
                if (miscPath == null) {
                    f.error(block.pos(), "MISC_CHECK needs misc_path");
                    yield Optional.empty();
                }
                yield Optional.of(new Checker.MiscCheck(ct, miscPath, miscTimeout.orElse(delayLoop), miscDynamic, user));
            }
            case "UDP_CHECK" -> Optional.of(new Checker.UdpCheck(target, ct, payload, requireReply, replyPattern, minReply, maxReply));
            case "DNS_CHECK" -> Optional.of(new Checker.DnsCheck(target, ct, dnsType, dnsName));
            case "SMTP_CHECK" -> Optional.of(new Checker.SmtpCheck(target, ct, helo));
            default -> Optional.of(new Checker.PingCheck(target, ct));
        };
    }

    private Optional<HttpUrl> url(Statement block, Optional<String> inheritedVhost) {
        String path = null;
        Optional<String> digest = Optional.empty();
        List<StatusRange> codes = new ArrayList<>();
        Optional<String> vhost = Optional.empty();
        Optional<String> regex = Optional.empty();
        boolean noMatch = false;
        java.util.LinkedHashSet<RegexOption> options = new java.util.LinkedHashSet<>();
        OptionalLong minOffset = OptionalLong.empty();
        OptionalLong maxOffset = OptionalLong.empty();
        Optional<HttpUrl.RegexStack> stack = Optional.empty();
        List<Statement> body = block.children();
        for (int i = 0; i < body.size(); i++) {
            Statement s = body.get(i);
            switch (s.name()) {
                case "path" -> path = v.arg(s).map(Token::text).orElse(path);
                case "digest" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        String d = t.get().text().toLowerCase(Locale.ROOT);
                        if (digest.isPresent()) {
                            f.warning(t.get().pos(), "Digest '" + t.get().text() + "' is a duplicate");
                        } else if (!d.matches("[0-9a-f]{32}")) {
                            f.error(t.get().pos(), "digest must be 32 hex digits (an MD5), not '" + t.get().text() + "'");
                        } else {
                            digest = Optional.of(d);
                        }
                    }
                }
                case "status_code" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'status_code' needs a code or range");
                    }
                    for (Token t : s.args()) {
                        statusRange(t).ifPresent(codes::add);
                    }
                }
                case "virtualhost" -> vhost = v.arg(s).map(Token::text);
                case "regex" -> regex = v.arg(s).map(Token::text);
                case "regex_no_match" -> noMatch = v.flag(s);
                case "regex_options" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'regex_options' needs one or more PCRE2 option names");
                    }
                    for (Token t : s.args()) {
                        regexOption(t).ifPresent(options::add);
                    }
                }
                case "regex_min_offset" -> minOffset = orElse(v.integer(s, 0, MAX_REGEX_OFFSET), minOffset);
                case "regex_max_offset" -> maxOffset = orElse(v.integer(s, 0, MAX_REGEX_OFFSET), maxOffset);
                case "regex_stack" -> {
                    Optional<HttpUrl.RegexStack> x = regexStack(s);
                    if (x.isPresent()) {
                        stack = x;
                    }
                }
                default -> {
                    if (!Keywords.URL.contains(s.name())) {
                        f.warning(s.pos(), Keywords.unknown(s.name(), Keywords.URL));
                    }
                }
            }
        }
        if (path == null) {
            f.error(block.pos(), "url needs a path");
            return Optional.empty();
        }
        if (codes.isEmpty()) {
            codes.add(StatusRange.SUCCESS);
        }
        if (regex.isEmpty()) {
            for (Statement s : body) {
                if (s.name().startsWith("regex_")) {
                    f.warning(s.pos(), "'" + s.name() + "' without a regex in this url is ignored (as keepalived does)");
                }
            }
            noMatch = false;
            options.clear();
            minOffset = OptionalLong.empty();
            maxOffset = OptionalLong.empty();
            stack = Optional.empty();
        }
        if (minOffset.isPresent() && maxOffset.isPresent() && minOffset.getAsLong() > maxOffset.getAsLong()) {
            f.warning(block.pos(), "url " + path + ": regex_min_offset " + minOffset.getAsLong() + " is above regex_max_offset "
                    + maxOffset.getAsLong() + "; both are ignored (as keepalived does)");
            minOffset = OptionalLong.empty();
            maxOffset = OptionalLong.empty();
        }
        return Optional.of(new HttpUrl(path, digest, List.copyOf(codes), vhost.or(() -> inheritedVhost), regex, noMatch,
                List.copyOf(options), minOffset, maxOffset, stack));
    }

    /** keepalived reads the offsets as size_t and adds 1 to the maximum; a body is far smaller anyway. */
    private static final long MAX_REGEX_OFFSET = Long.MAX_VALUE - 1;

    private static OptionalLong orElse(OptionalLong read, OptionalLong previous) {
        return read.isPresent() ? read : previous;
    }

    /** One {@code regex_options} name: unknown ones are ignored as keepalived does; unsupported ones are flagged. */
    private Optional<RegexOption> regexOption(Token t) {
        Optional<RegexOption> o = RegexOption.of(t.text());
        if (o.isEmpty()) {
            f.warning(t.pos(), "unknown regex option '" + t.text() + "' is ignored (as keepalived does); known: "
                    + java.util.Arrays.stream(RegexOption.values()).map(RegexOption::keyword).collect(java.util.stream.Collectors.joining(" ")));
        } else if (o.get().support() == RegexOption.Support.UNSUPPORTED) {
            f.warning(t.pos(), "regex option '" + t.text() + "' cannot be honoured (" + o.get().how()
                    + "): this url's regex is not evaluated (fulcrum probe lists it)");
        }
        return o;
    }

    /** {@code regex_stack START MAX}: two byte counts, START ≤ MAX. */
    private Optional<HttpUrl.RegexStack> regexStack(Statement s) {
        if (s.args().size() != 2) {
            f.error(s.pos(), "'regex_stack' needs START and MAX (bytes)");
            return Optional.empty();
        }
        OptionalLong start = v.integer(s.args().get(0), 0, Long.MAX_VALUE);
        OptionalLong max = v.integer(s.args().get(1), 0, Long.MAX_VALUE);
        if (start.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        if (start.getAsLong() > max.getAsLong()) {
            f.error(s.args().get(0).pos(), "regex_stack START " + start.getAsLong() + " is above MAX " + max.getAsLong());
            return Optional.empty();
        }
        return Optional.of(new HttpUrl.RegexStack(start.getAsLong(), max.getAsLong()));
    }

    private Optional<StatusRange> statusRange(Token t) {
        String s = t.text();
        int dash = s.indexOf('-');
        try {
            int from = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(s.substring(dash + 1));
            if (from < 100 || to > 599 || to < from) {
                throw new NumberFormatException();
            }
            return Optional.of(new StatusRange(from, to));
        } catch (NumberFormatException e) {
            f.error(t.pos(), "invalid HTTP status code or range '" + s + "' (100-599)");
            return Optional.empty();
        }
    }

    /** FILE_CHECK: the track_file reference is checked later, with the other cross references. */
    private Optional<Checker> fileCheck(Statement block) {
        String file = null;
        int weight = 0;
        boolean reverse = false;
        boolean dynamic = false;
        List<Statement> body = block.children();
        for (int i = 0; i < body.size(); i++) {
            Statement s = body.get(i);
            switch (s.name()) {
                case "track_file" -> {
                    Optional<Token> t = v.arg(s);
                    if (t.isPresent()) {
                        file = t.get().text();
                        fileCheckRefs.add(t.get());
                    }
                }
                case "weight" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'weight' needs a value");
                        continue;
                    }
                    OptionalLong w = v.integer(s.args().get(0), -2147483647L, 2147483647L);
                    if (w.isPresent()) {
                        weight = (int) w.getAsLong();
                    }
                    for (Token t : s.args().subList(1, s.args().size())) {
                        if (t.text().equals("reverse")) {
                            reverse = true;
                        } else {
                            f.error(t.pos(), "unexpected '" + t.text() + "' after weight (only 'reverse')");
                        }
                    }
                }
                case "dynamic" -> dynamic = v.flag(s);
                default -> f.warning(s.pos(), Keywords.unknown(s.name(), Keywords.FILE_CHECK));
            }
        }
        if (file == null) {
            f.error(block.pos(), "FILE_CHECK needs track_file");
            return Optional.empty();
        }
        return Optional.of(new Checker.FileCheck(file, weight, reverse, dynamic));
    }
}

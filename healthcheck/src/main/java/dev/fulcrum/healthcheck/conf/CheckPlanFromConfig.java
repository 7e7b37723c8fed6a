package dev.fulcrum.healthcheck.conf;

import dev.fulcrum.conf.model.Checker;
import dev.fulcrum.conf.model.CheckTarget;
import dev.fulcrum.conf.model.CheckerTiming;
import dev.fulcrum.conf.model.HttpUrl;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.ScriptUser;
import dev.fulcrum.conf.model.TrackFile;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import dev.fulcrum.healthcheck.spec.StatusCodes;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Translates the configuration model (inheritance already resolved by the conf module) into the
 * engine's own specs. The engine keeps its own input types so that it can be driven, tested and
 * benchmarked without a config file; this adapter is the only place that knows both.
 *
 * <p>Two translations are not one-to-one and are documented here: FILE_CHECK is event-driven in
 * keepalived (inotify) and is polled every second (or every delay_loop if shorter); a url {@code regex}
 * is evaluated with Java's regex engine (keepalived uses PCRE2) as translated by {@link JavaRegex}, and
 * one Java cannot compile or whose regex_options Java cannot honour is reported by {@link #unsupported} and
 * not evaluated.
 */
public final class CheckPlanFromConfig {
    /** keepalived's default SMTP_CHECK helo_name. */
    public static final String DEFAULT_HELO = "smtpchecker.keepalived.org";
    static final Duration FILE_POLL = Duration.ofSeconds(1);

    private CheckPlanFromConfig() {
    }

    public static CheckPlan plan(KeepalivedConfig config) {
        List<RealServerSpec> out = new ArrayList<>();
        for (VirtualServer vs : config.virtualServers()) {
            out.addAll(servers(config, vs));
        }
        return new CheckPlan(out);
    }

    /**
     * One virtual server's part of {@link #plan}. It depends on {@code vs} and, of the rest of the
     * configuration, only on global_defs (script_user), the track_file definitions and the SSL block
     * (SSL_GET), so a caller may keep the result for as long as those are unchanged and {@code vs} is the
     * same object.
     */
    public static List<RealServerSpec> servers(KeepalivedConfig config, VirtualServer vs) {
        List<RealServerSpec> out = new ArrayList<>(vs.realServers().size());
        String proto = vs.protocol().name();
        String vsName = vs.displayName(); // formatted on each call: once per service, not per server
        for (RealServer rs : vs.realServers()) {
            InetSocketAddress addr = new InetSocketAddress(rs.endpoint().address(), rs.endpoint().port());
            List<CheckerSpec> specs = new ArrayList<>();
            for (Checker c : rs.checkers()) {
                specs.add(spec(config, rs, c));
            }
            out.add(new RealServerSpec(vsName, RealServerSpec.keepalivedId(addr, proto), addr, rs.weight(), specs));
        }
        return out;
    }

    /** Configured features the engine does not evaluate, one line each, for `fulcrum probe` and the log. */
    public static List<String> unsupported(KeepalivedConfig config) {
        List<String> out = new ArrayList<>();
        for (VirtualServer vs : config.virtualServers()) {
            out.addAll(unsupported(vs));
        }
        return out;
    }

    /** One virtual server's part of {@link #unsupported(KeepalivedConfig)}: it depends on nothing else. */
    public static List<String> unsupported(VirtualServer vs) {
        List<String> out = new ArrayList<>(0);
        {
            for (RealServer rs : vs.realServers()) {
                for (Checker c : rs.checkers()) {
                    List<HttpUrl> urls = c instanceof Checker.HttpGet h ? h.urls() : c instanceof Checker.SslGet s ? s.urls() : List.of();
                    for (HttpUrl u : urls) {
                        if (u.regex().isPresent() && JavaRegex.translate(u) instanceof JavaRegex.Refused r) {
                            out.add(vs.displayName() + " " + rs.endpoint() + " " + c.keyword() + " url " + u.path() + ": " + r.why());
                        }
                    }
                }
            }
        }
        return out;
    }

    static CheckerSpec spec(KeepalivedConfig config, RealServer rs, Checker c) {
        if (c instanceof Checker.TcpCheck t) {
            return new CheckerSpec.Tcp(timing(t.checkerTiming()), connection(t.target()));
        } else if (c instanceof Checker.HttpGet h) {
            return new CheckerSpec.Http(timing(h.checkerTiming()), connection(h.target()), false,
                    CheckerSpec.HttpProtocol.parse(h.httpProtocol()), urls(h.urls()), h.fastRecovery(),
                    CheckerSpec.Tls.KEEPALIVED_DEFAULT, CheckerSpec.DEFAULT_MAX_BODY_BYTES);
        } else if (c instanceof Checker.SslGet s) {
            return new CheckerSpec.Http(timing(s.checkerTiming()), connection(s.target()), true,
                    CheckerSpec.HttpProtocol.parse(s.httpProtocol()), urls(s.urls()), s.fastRecovery(),
                    // keepalived loads the SSL block's ca but never verifies the peer: verification stays off
                    new CheckerSpec.Tls(s.enableSni(), s.sniName(), false, Optional.empty(), config.ssl()),
                    CheckerSpec.DEFAULT_MAX_BODY_BYTES);
        } else if (c instanceof Checker.MiscCheck m) {
            Optional<ScriptUser> user = m.user().or(() -> config.globalDefs().scriptUser());
            Duration timeout = m.timeout().isZero() || m.timeout().isNegative() ? m.checkerTiming().delayLoop() : m.timeout();
            return new CheckerSpec.Misc(timing(m.checkerTiming()), m.path(), timeout, m.dynamic(),
                    user.map(ScriptUser::user), user.flatMap(ScriptUser::group));
        } else if (c instanceof Checker.UdpCheck u) {
            return new CheckerSpec.Udp(timing(u.checkerTiming()), connection(u.target()), u.payload(),
                    u.requireReply() ? Optional.of(u.replyPattern().orElse("")) : Optional.empty(),
                    u.minReplyLength(), u.maxReplyLength());
        } else if (c instanceof Checker.DnsCheck d) {
            return new CheckerSpec.Dns(timing(d.checkerTiming()), connection(d.target()), d.type(), d.name());
        } else if (c instanceof Checker.SmtpCheck s) {
            return new CheckerSpec.Smtp(timing(s.checkerTiming()), connection(s.target()), s.heloName().orElse(DEFAULT_HELO));
        } else if (c instanceof Checker.PingCheck p) {
            return new CheckerSpec.Ping(timing(p.checkerTiming()), connection(p.target()));
        } else if (c instanceof Checker.FileCheck f) {
            String file = config.trackFiles().stream().filter(t -> t.name().equals(f.trackFile())).map(TrackFile::file)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("FILE_CHECK: no track_file " + f.trackFile()));
            Duration poll = rs.delayLoop().compareTo(FILE_POLL) < 0 ? rs.delayLoop() : FILE_POLL;
            CheckTiming t = new CheckTiming(poll, Duration.ofSeconds(1), 0, poll, Duration.ZERO, false);
            return new CheckerSpec.File(t, f.trackFile(), Path.of(file), f.weight(), f.reverse(), f.dynamic());
        }
        throw new IllegalArgumentException("unknown checker " + c.keyword());
    }

    static CheckTiming timing(CheckerTiming t) {
        Duration connect = t.connectTimeout().isZero() || t.connectTimeout().isNegative() ? CheckTiming.DEFAULT_CONNECT_TIMEOUT : t.connectTimeout();
        Duration loop = t.delayLoop().isZero() || t.delayLoop().isNegative() ? CheckTiming.DEFAULT_DELAY_LOOP : t.delayLoop();
        return new CheckTiming(loop, connect, Math.max(0, t.retry()), t.delayBeforeRetry(), t.warmup(), t.alpha());
    }

    static Connection connection(CheckTarget t) {
        long mark = t.fwmark().orElse(0);
        return new Connection(new InetSocketAddress(t.connectIp(), t.connectPort()), t.bindTo(), t.bindPort(), (int) mark, t.bindIf());
    }

    static List<UrlSpec> urls(List<HttpUrl> urls) {
        List<UrlSpec> out = new ArrayList<>();
        for (HttpUrl u : urls) {
            StatusCodes codes = u.statusCodes().isEmpty() ? StatusCodes.DEFAULT
                    : new StatusCodes(u.statusCodes().stream().map(r -> new StatusCodes.Range(r.from(), r.to())).toList());
            JavaRegex.Translation t = u.regex().isPresent() ? JavaRegex.translate(u) : null;
            if (t instanceof JavaRegex.Translated x) {
                out.add(new UrlSpec(u.path(), codes, u.digest().map(d -> d.toLowerCase(Locale.ROOT)), u.virtualhost(),
                        Optional.of(x.pattern()), u.regexNoMatch(), x.matching()));
            } else {
                out.add(new UrlSpec(u.path(), codes, u.digest().map(d -> d.toLowerCase(Locale.ROOT)), u.virtualhost()));
            }
        }
        return out;
    }

}

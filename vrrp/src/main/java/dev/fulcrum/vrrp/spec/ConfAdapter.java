package dev.fulcrum.vrrp.spec;

import dev.fulcrum.conf.model.GarpSettings;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.Notifications;
import dev.fulcrum.conf.model.Script;
import dev.fulcrum.conf.model.TrackFile;
import dev.fulcrum.conf.model.TrackProcess;
import dev.fulcrum.conf.model.Trackers;
import dev.fulcrum.conf.model.VirtualAddress;
import dev.fulcrum.conf.model.VrrpInstance;
import dev.fulcrum.conf.model.VrrpScript;
import dev.fulcrum.conf.model.VrrpState;
import dev.fulcrum.conf.model.VrrpSyncGroup;
import dev.fulcrum.vrrp.machine.GarpPolicy;
import dev.fulcrum.vrrp.wire.AuthType;
import dev.fulcrum.vrrp.wire.UnicastPeer;
import dev.fulcrum.vrrp.wire.V3Checksum;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates the conf model (the parsed keepalived.conf) into the VRRP module's own specs. The conf
 * module has already resolved defaults, inheritance from global_defs and tracker weights (including
 * keepalived's sync-group weight dropping); what is left here is units and names.
 */
public final class ConfAdapter {
    private ConfAdapter() {
    }

    public static VrrpSpec adapt(KeepalivedConfig cfg) {
        List<InstanceSpec> instances = cfg.vrrpInstances().stream().map(i -> instance(i, cfg)).toList();
        List<SyncGroupSpec> groups = cfg.syncGroups().stream().map(ConfAdapter::group).toList();
        Map<String, ScriptSpec> scripts = new LinkedHashMap<>();
        for (VrrpScript s : cfg.vrrpScripts()) {
            scripts.put(s.name(), script(s));
        }
        Map<String, TrackFileSpec> files = new LinkedHashMap<>();
        for (TrackFile f : cfg.trackFiles()) {
            files.put(f.name(), new TrackFileSpec(f.name(), f.file(), f.weight(), f.reverse()));
        }
        Map<String, TrackProcessSpec> procs = new LinkedHashMap<>();
        for (TrackProcess p : cfg.trackProcesses()) {
            procs.put(p.name(), process(p));
        }
        String user = cfg.globalDefs().scriptUser().map(u -> u.user()).orElse(null);
        return new VrrpSpec(instances, groups, scripts, files, user, cfg.globalDefs().enableScriptSecurity(), procs);
    }

    static InstanceSpec instance(VrrpInstance i, KeepalivedConfig cfg) {
        VrrpVersion version = VrrpVersion.of(i.version());
        String ifname = i.interfaceName().or(() -> cfg.globalDefs().defaultInterface())
                .orElseThrow(() -> new IllegalArgumentException(i.name() + ": no interface"));
        int centis = intervalCentis(i.advertInterval(), version);
        AuthType auth = i.authentication().map(a -> a.type() == dev.fulcrum.conf.model.AuthType.PASS ? AuthType.PASS
                : AuthType.AH).orElse(AuthType.NONE);
        if (version == VrrpVersion.V3) {
            auth = AuthType.NONE; // "VRRP version 3 does not support authentication. Ignoring."
        }
        String pass = i.authentication().map(a -> a.password()).orElse("");
        List<UnicastPeer> peers = i.unicastPeers().stream()
                .map(p -> new UnicastPeer(p.address(), p.minTtl().orElse(0), p.maxTtl().orElse(255))).toList();
        boolean master = i.state() == VrrpState.MASTER;
        Trackers t = i.trackers();
        return new InstanceSpec(i.name(), ifname, i.virtualRouterId(), i.priority(), version, centis, master,
                i.nopreempt() && !master, master ? 0 : i.preemptDelay().toMillis(), auth, pass,
                i.virtualAddresses().stream().map(ConfAdapter::vip).toList(),
                i.excludedAddresses().stream().map(ConfAdapter::vip).toList(),
                i.unicastSrcIp().or(i::mcastSrcIp).orElse(null), peers, i.checkUnicastSrc(), i.unicastTtl().orElse(255),
                i.downTimerAdverts(), i.lowerPrioNoAdvert(), i.higherPrioSendAdvert(),
                i.v3ChecksumAsV2() ? V3Checksum.AS_V2 : V3Checksum.PSEUDO_HEADER,
                i.skipCheckAdvAddr(), garp(i.garp()),
                t.interfaces().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList(),
                t.scripts().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList(),
                t.files().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList(),
                i.dontTrackPrimary(), notify(i.notifications()),
                i.virtualRoutes().stream().map(VirtualRoute::parse).toList(),
                i.virtualRules().stream().map(VirtualRule::parse).toList(),
                t.processes().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList(),
                i.accept(), i.useVmac().map(v -> vmacName(v, i.virtualRouterId())).orElse(null), i.vmacXmitBase());
    }

    /** {@code use_vmac [NAME]}: keepalived's default name is vrrp.VRID; an explicit MAC is not supported. */
    static String vmacName(String args, int vrid) {
        String name = null;
        String[] w = args.trim().isEmpty() ? new String[0] : args.trim().split("\\s+");
        for (int k = 0; k < w.length; k++) {
            if (w[k].equals("netlink_notify_msg")) {
                continue;
            }
            if (w[k].equals("group")) {
                k++;
                continue;
            }
            if (w[k].matches("(?i)([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}")) {
                throw new IllegalArgumentException("use_vmac with an explicit MAC (" + w[k] + ") is not supported");
            }
            name = w[k];
        }
        return name != null ? name : "vrrp." + vrid;
    }

    /** v2: whole seconds (keepalived rounds up with an error); v3: 10 ms units, 0.01..40.95 s. */
    static int intervalCentis(Duration d, VrrpVersion version) {
        long ms = d.toMillis();
        if (version == VrrpVersion.V2) {
            long secs = Math.max(1, Math.min(255, (ms + 999) / 1000));
            return (int) secs * 100;
        }
        return (int) Math.max(1, Math.min(4095, ms / 10));
    }

    static SyncGroupSpec group(VrrpSyncGroup g) {
        Trackers t = g.trackers();
        return new SyncGroupSpec(g.name(), g.members(),
                t.interfaces().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList(),
                t.scripts().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList(),
                t.files().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList(),
                notify(g.notifications()),
                t.processes().stream().map(x -> new TrackRef(x.name(), x.weight(), x.reverse())).toList());
    }

    /** {@code process CMD ARGS...} with the {@code param_match} mode the conf model resolved. */
    static TrackProcessSpec process(TrackProcess p) {
        ArgumentMatch mode = p.paramMatch().map(m -> switch (m) {
            case EXACT -> ArgumentMatch.EXACT;
            case PARTIAL -> ArgumentMatch.PARTIAL;
            case INITIAL -> ArgumentMatch.INITIAL;
        }).orElse(ArgumentMatch.ANY);
        return new TrackProcessSpec(p.name(), p.process(), p.params(), p.fullCommand(), p.weight(), p.reverse(),
                p.quorum(), p.quorumMax().orElse(-1), p.forkDelay().toMillis(), p.terminateDelay().toMillis(), mode);
    }

    static ScriptSpec script(VrrpScript s) {
        long interval = Math.max(1, s.interval().toMillis());
        long timeout = s.timeout().isZero() ? interval : s.timeout().toMillis();
        return new ScriptSpec(s.name(), s.script(), interval, timeout, Math.max(1, s.rise()), Math.max(1, s.fall()),
                s.weight(), s.reverse(), s.user().map(u -> u.user()).orElse(null), s.initFail());
    }

    static VipSpec vip(VirtualAddress v) {
        return new VipSpec(v.prefix().address(), v.prefix().prefixLength(), v.device().orElse(null),
                v.label().orElse(null), v.scope().map(ConfAdapter::scope).orElse(0), v.broadcast().orElse(null),
                v.flags().contains("noprefixroute"));
    }

    static int scope(String s) {
        return switch (s) {
            case "global", "universe" -> 0;
            case "site" -> 200;
            case "link" -> 253;
            case "host" -> 254;
            case "nowhere" -> 255;
            default -> Integer.parseInt(s);
        };
    }

    static GarpPolicy garp(GarpSettings g) {
        if (g.minGarp()) {
            return new GarpPolicy(0, 1, 0, 1, 0, 0, 1);
        }
        return new GarpPolicy(g.masterDelay().toNanos(), g.masterRepeat(), g.masterRefresh().toNanos(),
                g.masterRefreshRepeat(), g.interval().toNanos(), g.lowerPrioDelay().toNanos(), g.lowerPrioRepeat());
    }

    static NotifySpec notify(Notifications n) {
        Optional<String> user = n.any().or(n::master).or(n::backup).or(n::fault).or(n::stop)
                .flatMap(Script::user).map(u -> u.user());
        return new NotifySpec(n.master().map(Script::command).orElse(null), n.backup().map(Script::command).orElse(null),
                n.fault().map(Script::command).orElse(null), n.stop().map(Script::command).orElse(null),
                n.any().map(Script::command).orElse(null), user.orElse(null));
    }
}

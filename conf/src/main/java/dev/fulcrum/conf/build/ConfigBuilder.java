package dev.fulcrum.conf.build;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.AddressText;
import dev.fulcrum.conf.model.GlobalDefs;
import dev.fulcrum.conf.model.IpFamily;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.conf.model.TrackFile;
import dev.fulcrum.conf.model.TrackProcess;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.conf.model.VirtualServerGroup;
import dev.fulcrum.conf.model.VrrpInstance;
import dev.fulcrum.conf.model.VrrpScript;
import dev.fulcrum.conf.model.VrrpSyncGroup;
import dev.fulcrum.conf.syntax.Statement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the statement tree into the {@link KeepalivedConfig}: reads every top-level block, then
 * resolves what depends on other blocks (tracker weights, sync groups, the sync daemon's instance,
 * VSG references) and checks cross references.
 */
public final class ConfigBuilder {
    private final Findings f;
    private final Values v;

    public ConfigBuilder(List<Diagnostic> diagnostics) {
        this.f = new Findings(diagnostics);
        this.v = new Values(f);
    }

    public Optional<KeepalivedConfig> build(List<Statement> top) {
        GlobalDefsBuilder globals = new GlobalDefsBuilder(f, v);
        TrackerBuilder trackers = new TrackerBuilder(f, v);
        VrrpBuilder vrrp = new VrrpBuilder(f, v);
        LvsBuilder lvs = new LvsBuilder(f, v);
        Map<String, VrrpScript> scripts = new LinkedHashMap<>();
        Map<String, TrackFile> files = new LinkedHashMap<>();
        Map<String, TrackProcess> procs = new LinkedHashMap<>();
        List<VrrpBuilder.SyncGroupSpec> groups = new ArrayList<>();
        List<VrrpBuilder.InstanceSpec> instances = new ArrayList<>();
        Map<String, VirtualServerGroup> vsgs = new LinkedHashMap<>();
        List<Statement> vsBlocks = new ArrayList<>();
        BlockShape.check(top, f);
        for (Statement s : top) {
            String k = s.name();
            if (!Keywords.TOP.contains(k)) {
                f.warning(s.pos(), Keywords.unknown(k, Keywords.TOP));
                continue;
            }
            boolean block = switch (k) {
                case "global_defs", "vrrp_script", "track_file", "vrrp_track_file", "vrrp_track_process",
                        "vrrp_sync_group", "vrrp_instance", "virtual_server_group", "virtual_server" -> true;
                default -> false;
            };
            if (block && !s.hasBlock()) {
                f.error(s.pos(), "'" + k + "' needs a { } block");
                continue;
            }
            switch (k) {
                case "global_defs" -> {
                    // several global_defs blocks are merged, later values winning, as in keepalived
                    globals.read(s);
                }
                case "child_wait_time" -> globals.childWaitTime(s);
                case "vrrp_script" -> trackers.script(s).ifPresent(x -> putUnique(scripts, x.name(), x, s, "vrrp_script"));
                case "track_file", "vrrp_track_file" -> {
                    if (k.equals("vrrp_track_file")) {
                        f.warning(s.pos(), "'vrrp_track_file' is deprecated; use track_file");
                    }
                    trackers.trackFile(s).ifPresent(x -> putUnique(files, x.name(), x, s, "track_file"));
                }
                case "vrrp_track_process" -> trackers.trackProcess(s).ifPresent(x -> putUnique(procs, x.name(), x, s, "vrrp_track_process"));
                case "vrrp_sync_group" -> vrrp.syncGroup(s).ifPresent(groups::add);
                case "vrrp_instance" -> vrrp.instance(s).ifPresent(instances::add);
                case "virtual_server_group" -> lvs.group(s).ifPresent(x -> putUnique(vsgs, x.name(), x, s, "virtual_server_group"));
                case "virtual_server" -> vsBlocks.add(s);
                default -> {
                    // known top-level keyword outside a director's scope (SSL, static_*, bfd ...)
                }
            }
        }

        // sync groups: membership
        Map<String, VrrpBuilder.SyncGroupSpec> groupOf = new HashMap<>();
        Map<String, VrrpBuilder.InstanceSpec> byName = new LinkedHashMap<>();
        for (VrrpBuilder.InstanceSpec in : instances) {
            if (byName.putIfAbsent(in.name, in) != null) {
                f.error(in.at.pos(), "duplicate vrrp_instance " + in.name);
            }
        }
        Map<String, VrrpBuilder.SyncGroupSpec> groupNames = new HashMap<>();
        for (VrrpBuilder.SyncGroupSpec g : groups) {
            if (groupNames.putIfAbsent(g.name, g) != null) {
                f.error(g.at.pos(), "duplicate vrrp_sync_group " + g.name);
            }
            for (Token m : g.members) {
                if (!byName.containsKey(m.text())) {
                    f.error(m.pos(), "vrrp_sync_group " + g.name + ": unknown vrrp_instance '" + m.text() + "'");
                } else if (groupOf.containsKey(m.text())) {
                    f.error(m.pos(), "vrrp_instance " + m.text() + " is already in vrrp_sync_group " + groupOf.get(m.text()).name);
                } else {
                    groupOf.put(m.text(), g);
                }
            }
            if (g.members.size() == 1) {
                f.warning(g.at.pos(), "vrrp_sync_group " + g.name + " has only one member");
            }
        }
        VrrpBuilder.Context cx = new VrrpBuilder.Context(globals, scripts, files, procs, groupOf);
        List<VrrpInstance> resolved = new ArrayList<>();
        Map<String, VrrpBuilder.InstanceSpec> seenVrid = new HashMap<>();
        for (VrrpBuilder.InstanceSpec in : byName.values()) {
            Optional<VrrpInstance> r = vrrp.resolve(in, cx);
            if (r.isEmpty()) {
                continue;
            }
            VrrpInstance i = r.get();
            String key = i.interfaceName().orElse("") + "/" + i.family() + "/" + i.virtualRouterId()
                    + (i.isUnicast() ? "/u" + i.unicastSrcIp().map(a -> AddressText.of(a)).orElse("") : "");
            VrrpBuilder.InstanceSpec prev = seenVrid.putIfAbsent(key, in);
            if (prev != null) {
                f.error(in.vridToken.pos(), "(" + in.name + ") virtual_router_id " + i.virtualRouterId() + " is already used by "
                        + prev.name + " on interface " + i.interfaceName().orElse("(none)") + " (" + i.family().keyword() + ")");
            }
            resolved.add(i);
        }
        for (VrrpBuilder.SyncGroupSpec g : groups) {
            for (TrackRef r : g.hooks.interfaces) {
                for (Token m : g.members) {
                    VrrpBuilder.InstanceSpec in = byName.get(m.text());
                    if (in != null && (in.iface.filter(r.name().text()::equals).isPresent()
                            || in.hooks.interfaces.stream().anyMatch(x -> x.name().text().equals(r.name().text())))) {
                        f.warning(r.name().pos(), "(" + in.name + ") track_interface " + r.name().text()
                                + " is configured on VRRP instance and sync group " + g.name + "; remove one of them");
                    }
                }
            }
        }
        List<VrrpSyncGroup> syncGroups = new ArrayList<>();
        for (VrrpBuilder.SyncGroupSpec g : groupNames.values().stream().sorted((a, b) -> groups.indexOf(a) - groups.indexOf(b)).toList()) {
            syncGroups.add(vrrp.resolve(g, cx));
        }

        // lvs_sync_daemon
        Optional<LvsSyncDaemon> daemon = Optional.empty();
        GlobalDefsBuilder.SyncDaemonSpec sd = globals.syncDaemon;
        if (sd != null) {
            int id = 0;
            if (sd.instance().isPresent()) {
                Optional<VrrpInstance> inst = resolved.stream().filter(i -> i.name().equals(sd.instance().get())).findFirst();
                if (inst.isEmpty() && !byName.containsKey(sd.instance().get())) {
                    f.error(sd.at().pos(), "lvs_sync_daemon: unknown vrrp_instance '" + sd.instance().get() + "'");
                } else if (inst.isPresent()) {
                    id = inst.get().virtualRouterId();
                }
            }
            daemon = Optional.of(new LvsSyncDaemon(sd.iface(), sd.instance(), sd.id().orElse(id), sd.maxLen(), sd.port(),
                    sd.ttl(), sd.group()));
        }

        // LVS
        List<VirtualServer> servers = new ArrayList<>();
        Map<String, Statement> vsKeys = new HashMap<>();
        for (Statement s : vsBlocks) {
            Optional<VirtualServer> vs = lvs.virtualServer(s, globals, vsgs);
            if (vs.isEmpty()) {
                continue;
            }
            VirtualServer x = vs.get();
            if (x.address() instanceof ServiceAddress.Group g && !vsgs.containsKey(g.name())) {
                f.error(s.args().get(1).pos(), "virtual_server group '" + g.name() + "': no virtual_server_group of that name");
            }
            String key = x.address() instanceof ServiceAddress.Fwmark fm ? "fwm/" + fm.mark() + "/" + fm.family()
                    : x.displayName() + (x.address() instanceof ServiceAddress.Group ? "/" + x.protocol() : "");
            Statement prev = vsKeys.putIfAbsent(key, s);
            if (prev != null) {
                f.error(s.pos(), "duplicate virtual_server " + x.displayName() + " (first defined at " + prev.pos() + ")");
            }
            if (x.address() instanceof ServiceAddress.Group g && vsgs.containsKey(g.name())) {
                checkGroupFamilies(vsgs.get(g.name()), x, s);
            }
            if (x.realServers().isEmpty()) {
                // keepalived does not create a service without real servers
                f.warning(s.pos(), "Virtual server " + String.join(" ", s.argTexts()) + " has no real servers - ignoring");
                continue;
            }
            servers.add(x);
        }
        for (Token t : lvs.fileCheckRefs) {
            if (!files.containsKey(t.text())) {
                f.error(t.pos(), "FILE_CHECK: unknown track_file '" + t.text() + "' (no track_file block of that name)");
            }
        }
        GlobalDefs gd = globals.build(daemon);
        if (!gd.enableScriptSecurity()) {
            v.firstScript().ifPresent(pos -> f.warning(pos, "scripts are configured but enable_script_security is not set "
                    + "(keepalived reports a SECURITY VIOLATION)"));
        }
        if (f.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new KeepalivedConfig(gd, List.copyOf(scripts.values()), List.copyOf(files.values()),
                List.copyOf(procs.values()), List.copyOf(syncGroups), List.copyOf(resolved), List.copyOf(vsgs.values()),
                List.copyOf(servers)));
    }

    private void checkGroupFamilies(VirtualServerGroup g, VirtualServer vs, Statement at) {
        IpFamily fam = null;
        boolean mixed = false;
        for (var e : g.entries()) {
            if (e instanceof dev.fulcrum.conf.model.VsgEntry.Range r) {
                if (fam == null) {
                    fam = r.family();
                } else if (fam != r.family()) {
                    mixed = true;
                }
            }
        }
        if (mixed && vs.realServers().stream().anyMatch(rs -> rs.forwarding().method() != dev.fulcrum.conf.model.LvsMethod.TUN)) {
            f.error(at.pos(), "virtual_server group " + g.name() + " mixes address families but not every real server is TUN");
        }
        if (fam != null && !mixed) {
            for (var rs : vs.realServers()) {
                if (rs.forwarding().method() != dev.fulcrum.conf.model.LvsMethod.TUN && rs.endpoint().family() != fam) {
                    f.error(at.pos(), "virtual_server group " + g.name() + ": real_server " + rs.endpoint() + " is "
                            + rs.endpoint().family().keyword() + " but the group is " + fam.keyword() + " (only TUN destinations may differ)");
                }
            }
        }
    }

    private <T> void putUnique(Map<String, T> map, String name, T value, Statement at, String what) {
        if (map.putIfAbsent(name, value) != null) {
            f.error(at.pos(), "duplicate " + what + " " + name);
        }
    }
}

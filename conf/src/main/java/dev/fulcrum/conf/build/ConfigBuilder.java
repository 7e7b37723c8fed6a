package dev.fulcrum.conf.build;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.AddressText;
import dev.fulcrum.conf.model.GlobalDefs;
import dev.fulcrum.conf.model.IpFamily;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.conf.model.SslClientSettings;
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
 *
 * <p>Top-level blocks arrive one at a time ({@link #accept}), so a large configuration need not be held
 * as a tree: in streaming mode a {@code virtual_server} is built as soon as its block is complete and its
 * statements become garbage at once. What a virtual server needs from later blocks stays small: a
 * {@code group} service waits for the end (the group may be defined further down), and if a later
 * {@code global_defs} changes a default an already built service used, {@link #needsBatch()} says so
 * and the caller loads again in batch mode. Findings are ordered as the batch build reports them.
 */
public final class ConfigBuilder {
    private final Findings f;
    private final Values v;
    private final boolean streaming;
    private final GlobalDefsBuilder globals;
    private final TrackerBuilder trackers;
    private final VrrpBuilder vrrp;
    private final LvsBuilder lvs;
    private final SslBuilder ssl;
    private final Map<String, VrrpScript> scripts = new LinkedHashMap<>();
    private final Map<String, TrackFile> files = new LinkedHashMap<>();
    private final Map<String, TrackProcess> procs = new LinkedHashMap<>();
    private final List<VrrpBuilder.SyncGroupSpec> groups = new ArrayList<>();
    private final List<VrrpBuilder.InstanceSpec> instances = new ArrayList<>();
    private final Map<String, VirtualServerGroup> vsgs = new LinkedHashMap<>();
    /** In order: a built {@link VirtualServer}, {@link #SKIPPED}, or a {@link Statement} built at the end. */
    private final List<Object> vsSlots = new ArrayList<>();
    private final List<Integer> vsBlocks = new ArrayList<>();
    /** Service key -> the keyword of its first definition (not the block: built blocks must become garbage). */
    private final Map<ServiceIdentity, Token> vsKeys = new HashMap<>();

    /** What makes two virtual_server blocks the same service: the address (or fwmark, or group) and, but for fwmarks, the protocol. */
    private record ServiceIdentity(ServiceAddress address, Object protocol) {
        // written out: the generated ones go through method handles, which the launcher's C1-only JIT does not inline
        @Override
        public boolean equals(Object o) {
            return o instanceof ServiceIdentity i && address.equals(i.address) && java.util.Objects.equals(protocol, i.protocol);
        }

        @Override
        public int hashCode() {
            return address.hashCode() * 31 + java.util.Objects.hashCode(protocol);
        }
    }
    /** Top-level block of each {@link LvsBuilder#fileCheckRefs} entry. */
    private final List<Integer> fileRefBlocks = new ArrayList<>();
    private static final Object SKIPPED = new Object();
    private int blocks;
    /** The globals the first virtual server built early used; null until then. */
    private LvsBuilder.Defaults usedDefaults;
    private boolean needsBatch;
    /** What the last {@link #accept} built, if another load may reuse it; else null. */
    private VirtualServer lastReusable;

    /** A batch builder: {@link #build(List)}. */
    public ConfigBuilder(List<Diagnostic> diagnostics) {
        this(diagnostics, false);
    }

    /** With {@code streaming}, virtual servers are built as their blocks arrive (see the class comment). */
    public ConfigBuilder(List<Diagnostic> diagnostics, boolean streaming) {
        this.f = Findings.ordered(diagnostics);
        this.v = new Values(f);
        this.streaming = streaming;
        this.globals = new GlobalDefsBuilder(f, v);
        this.trackers = new TrackerBuilder(f, v);
        this.vrrp = new VrrpBuilder(f, v);
        this.lvs = new LvsBuilder(f, v);
        this.ssl = new SslBuilder(f, v);
    }

    public Optional<KeepalivedConfig> build(List<Statement> top) {
        for (Statement s : top) {
            accept(s);
        }
        return finish();
    }

    /**
     * True once a streamed load built a virtual server with a {@code global_defs} default that a later
     * block changed: the result would differ from the batch build, so the load must be redone in batch.
     */
    public boolean needsBatch() {
        return needsBatch;
    }

    /** After an internal failure: hands on the findings made so far, for what they are worth. */
    public void abandon() {
        f.flush();
    }

    /** Reads the next top-level statement. */
    public void accept(Statement s) {
        lastReusable = null;
        int block = blocks++;
        f.at(Findings.SHAPE, block);
        BlockShape.check(s, f);
        f.at(Findings.TOP, block);
        String k = s.name();
        if (!Keywords.TOP.contains(k)) {
            f.warning(s.pos(), Keywords.unknown(k, Keywords.TOP));
            return;
        }
        boolean isBlock = switch (k) {
            case "global_defs", "vrrp_script", "track_file", "vrrp_track_file", "vrrp_track_process",
                    "vrrp_sync_group", "vrrp_instance", "virtual_server_group", "virtual_server", "SSL" -> true;
            default -> false;
        };
        if (isBlock && !s.hasBlock()) {
            f.error(s.pos(), "'" + k + "' needs a { } block");
            return;
        }
        switch (k) {
            case "global_defs", "child_wait_time" -> {
                LvsBuilder.Defaults before = usedDefaults != null ? LvsBuilder.Defaults.of(globals) : null;
                if (k.equals("global_defs")) {
                    // several global_defs blocks are merged, later values winning, as in keepalived
                    globals.read(s);
                } else {
                    globals.childWaitTime(s);
                }
                if (before != null && !before.equals(LvsBuilder.Defaults.of(globals))) {
                    needsBatch = true;
                }
            }
            case "vrrp_script" -> trackers.script(s).ifPresent(x -> putUnique(scripts, x.name(), x, s, "vrrp_script"));
            case "track_file", "vrrp_track_file" -> {
                if (k.equals("vrrp_track_file")) {
                    f.warning(s.pos(), "'vrrp_track_file' is deprecated; use track_file");
                }
                trackers.trackFile(s).ifPresent(x -> putUnique(files, x.name(), x, s, "track_file"));
            }
            case "vrrp_track_process" -> trackers.trackProcess(s).ifPresent(x -> putUnique(procs, x.name(), x, s, "vrrp_track_process"));
            case "SSL" -> ssl.read(s);
            case "vrrp_sync_group" -> vrrp.syncGroup(s).ifPresent(groups::add);
            case "vrrp_instance" -> vrrp.instance(s).ifPresent(instances::add);
            case "virtual_server_group" -> lvs.group(s).ifPresent(x -> putUnique(vsgs, x.name(), x, s, "virtual_server_group"));
            case "virtual_server" -> {
                vsBlocks.add(block);
                boolean byGroup = !s.args().isEmpty() && s.args().get(0).text().equals("group");
                if (streaming && !byGroup && !needsBatch) {
                    if (usedDefaults == null) {
                        usedDefaults = LvsBuilder.Defaults.of(globals);
                    }
                    int findings = f.count();
                    int scripts = v.scriptsNoted;
                    int refs = lvs.fileCheckRefs.size();
                    Object slot = virtualServer(s, block, usedDefaults);
                    vsSlots.add(slot);
                    // reusable: built from its own block alone (no script for the security check, no
                    // track_file reference) with no finding, so the same text builds the same again
                    if (slot instanceof VirtualServer x && !(x.address() instanceof ServiceAddress.Group)
                            && f.count() == findings && v.scriptsNoted == scripts && lvs.fileCheckRefs.size() == refs) {
                        lastReusable = x;
                    }
                } else {
                    vsSlots.add(s);
                }
            }
            default -> {
                // known top-level keyword outside a director's scope (static_*, bfd ...)
            }
        }
    }

    /** Builds one virtual server and checks it against the others; {@link #SKIPPED} if it is left out. */
    private Object virtualServer(Statement s, int block, LvsBuilder.Defaults defaults) {
        f.at(Findings.LVS, block);
        int refs = lvs.fileCheckRefs.size();
        Optional<VirtualServer> vs = lvs.virtualServer(s, defaults, vsgs);
        for (int i = refs; i < lvs.fileCheckRefs.size(); i++) {
            fileRefBlocks.add(block);
        }
        if (vs.isEmpty()) {
            return SKIPPED;
        }
        VirtualServer x = vs.get();
        if (x.address() instanceof ServiceAddress.Group g && !vsgs.containsKey(g.name())) {
            f.error(s.args().get(1).pos(), "virtual_server group '" + g.name() + "': no virtual_server_group of that name");
        }
        checkUnique(x, s.keyword());
        if (x.address() instanceof ServiceAddress.Group g && vsgs.containsKey(g.name())) {
            checkGroupFamilies(vsgs.get(g.name()), x, s);
        }
        if (x.realServers().isEmpty()) {
            // keepalived does not create a service without real servers
            f.warning(s.pos(), "Virtual server " + String.join(" ", s.argTexts()) + " has no real servers - ignoring");
            return SKIPPED;
        }
        return x;
    }

    /** Reports {@code x} if an earlier virtual server has its address; remembers it for later ones. */
    private void checkUnique(VirtualServer x, Token keyword) {
        // group keys end in /PROTOCOL, fwmark keys start with fwm/, addresses have no '/': services built
        // early (never groups) and at the end (groups) cannot collide, so the order of checks is the batch one
        // by value, not by formatted name: a reload of thousands of unchanged services formats none
        ServiceIdentity key = new ServiceIdentity(x.address(), x.address() instanceof ServiceAddress.Fwmark ? null : x.protocol());
        Token prev = vsKeys.putIfAbsent(key, keyword);
        if (prev != null) {
            f.error(keyword.pos(), "duplicate virtual_server " + x.displayName() + " (first defined at " + prev.pos() + ")");
        }
    }

    /** How many top-level statements were read so far, reused ones included. */
    public int blocksRead() {
        return blocks;
    }

    /**
     * The virtual server the last {@link #accept} built, when a later load may take it again for a block of
     * the same text (see {@link #acceptUnchanged}): a streamed, non-group service built without any finding
     * from its own block alone. Null otherwise.
     */
    public VirtualServer lastReusable() {
        return lastReusable;
    }

    /**
     * What a virtual server built now takes from outside its block (the {@code global_defs} defaults it
     * inherits), compared with {@code equals}: a block of the same text built under equal defaults gives
     * an equal model. Null when virtual servers are not built as they arrive (batch mode, or a load that
     * must restart).
     */
    public Object serviceDefaults() {
        if (!streaming || needsBatch) {
            return null;
        }
        return usedDefaults != null ? usedDefaults : LvsBuilder.Defaults.of(globals);
    }

    /**
     * Takes a {@code virtual_server} block whose text an earlier load built into {@code x} (its
     * {@link #lastReusable()}, under equal {@link #serviceDefaults()}) as the next top-level statement,
     * without its statements: it counts as a block and every check across blocks (a duplicate address)
     * sees it at {@code keyword}, so the result is the one a build of the block would give.
     */
    public void acceptUnchanged(VirtualServer x, Token keyword) {
        if (serviceDefaults() == null) {
            throw new IllegalStateException("only a streamed load takes unchanged virtual servers");
        }
        lastReusable = null;
        int block = blocks++;
        vsBlocks.add(block);
        if (usedDefaults == null) {
            usedDefaults = LvsBuilder.Defaults.of(globals);
        }
        f.at(Findings.LVS, block);
        checkUnique(x, keyword);
        vsSlots.add(x);
    }

    /** After the last {@link #accept}: resolves cross references and returns the model (empty on any error). */
    public Optional<KeepalivedConfig> finish() {
        f.at(Findings.RESOLVE, 0);
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
        LvsBuilder.Defaults defaults = LvsBuilder.Defaults.of(globals);
        for (int i = 0; i < vsSlots.size(); i++) {
            Object slot = vsSlots.get(i);
            if (slot instanceof Statement s) {
                slot = virtualServer(s, vsBlocks.get(i), defaults);
                vsSlots.set(i, slot);
            }
            if (slot instanceof VirtualServer x) {
                servers.add(x);
            }
        }
        for (int i = 0; i < lvs.fileCheckRefs.size(); i++) {
            Token t = lvs.fileCheckRefs.get(i);
            f.at(Findings.FILE_REFS, fileRefBlocks.get(i));
            if (!files.containsKey(t.text())) {
                f.error(t.pos(), "FILE_CHECK: unknown track_file '" + t.text() + "' (no track_file block of that name)");
            }
        }
        f.at(Findings.FINAL, 0);
        GlobalDefs gd = globals.build(daemon);
        SslClientSettings sslSettings = ssl.build();
        if (!gd.enableScriptSecurity()) {
            v.firstScript().ifPresent(pos -> f.warning(pos, "scripts are configured but enable_script_security is not set "
                    + "(keepalived reports a SECURITY VIOLATION)"));
        }
        boolean errors = f.hasErrors();
        f.flush();
        if (errors) {
            return Optional.empty();
        }
        return Optional.of(new KeepalivedConfig(gd, List.copyOf(scripts.values()), List.copyOf(files.values()),
                List.copyOf(procs.values()), List.copyOf(syncGroups), List.copyOf(resolved), List.copyOf(vsgs.values()),
                List.copyOf(servers), sslSettings));
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

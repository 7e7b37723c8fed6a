package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.ip.RawIpv4Socket;
import dev.fulcrum.net.ip.RawIpv6Socket;
import dev.fulcrum.net.rtnl.InterfaceAddress;
import dev.fulcrum.net.rtnl.RouteNetlink;
import dev.fulcrum.net.rtnl.Rtnl;
import dev.fulcrum.vrrp.machine.AdminCommand;
import dev.fulcrum.vrrp.machine.ElectionSettings;
import dev.fulcrum.vrrp.machine.SyncGroupMachine;
import dev.fulcrum.vrrp.machine.TrackerSet;
import dev.fulcrum.vrrp.machine.VrrpInstanceMachine;
import dev.fulcrum.vrrp.spec.InstanceSpec;
import dev.fulcrum.vrrp.spec.ScriptSpec;
import dev.fulcrum.vrrp.spec.SyncGroupSpec;
import dev.fulcrum.vrrp.spec.TrackFileSpec;
import dev.fulcrum.vrrp.spec.TrackRef;
import dev.fulcrum.vrrp.spec.TrackProcessSpec;
import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.spec.VrrpSpec;
import dev.fulcrum.vrrp.wire.AdvertScreen;
import dev.fulcrum.vrrp.wire.VrrpCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VRRP half of the director, as director-app starts it: build from a {@link VrrpSpec}, {@link #start()},
 * and {@link #stop(Duration)} on SIGTERM (every Master sends priority 0 and removes its VIPs before this
 * returns). One event loop per sync group or lone instance, one receive thread per instance, one link
 * monitor, one thread per script or track_file.
 */
public final class VrrpService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpService.class);
    private final VrrpSpec spec;
    private final MeterRegistry registry;
    private final Scheduling scheduling;
    private final Map<String, GroupLoop> loops = new LinkedHashMap<>();
    private final Map<String, GroupLoop> loopByInstance = new HashMap<>();
    private final List<AutoCloseable> monitors = new ArrayList<>();
    private volatile boolean started;

    private volatile VrrpTransitionListener transitions = VrrpTransitionListener.NONE;

    /**
     * How the VRRP threads are scheduled, from keepalived's global_defs: {@code vrrp_rt_priority}
     * (SCHED_RR priority of the loop and receive threads, 0 = normal scheduling), {@code vrrp_no_swap}
     * (mlockall) and {@code vrrp_priority} (nice value of every thread of the process). The system
     * properties {@code fulcrum.vrrp.rtPriority} and {@code fulcrum.vrrp.noSwap}, when set, win over the
     * config, so a lab or an operator can change them without touching keepalived.conf. Unset
     * everywhere: SCHED_RR 10 (timers must hold at a 10 ms advert even on a busy host), no mlockall, nice
     * left alone.
     */
    public record Scheduling(int rtPriority, boolean noSwap, java.util.OptionalInt nice) {
        public Scheduling {
            if (rtPriority < 0 || rtPriority > 99) {
                throw new IllegalArgumentException("SCHED_RR priority " + rtPriority + " outside 0..99");
            }
            if (nice.isPresent() && (nice.getAsInt() < -20 || nice.getAsInt() > 19)) {
                throw new IllegalArgumentException("nice " + nice.getAsInt() + " outside -20..19");
            }
        }

        /** Config values (empty / false = not configured), overridden by the system properties when set. */
        public static Scheduling resolve(java.util.OptionalInt confRtPriority, boolean confNoSwap,
                                         java.util.OptionalInt confNice) {
            int rt = confRtPriority.orElse(GroupLoop.DEFAULT_RT_PRIORITY);
            String p = System.getProperty("fulcrum.vrrp.rtPriority");
            if (p != null) {
                try {
                    rt = Math.max(0, Math.min(99, Integer.parseInt(p.trim())));
                } catch (NumberFormatException e) {
                    LOG.warn("fulcrum.vrrp.rtPriority={} is not a number; using {}", p, rt);
                }
            }
            String ns = System.getProperty("fulcrum.vrrp.noSwap");
            return new Scheduling(rt, ns != null ? Boolean.parseBoolean(ns.trim()) : confNoSwap, confNice);
        }

        /** Nothing configured: the defaults, or the system properties. */
        public static Scheduling fromProperties() {
            return resolve(java.util.OptionalInt.empty(), false, java.util.OptionalInt.empty());
        }

        static Scheduling of(dev.fulcrum.conf.model.GlobalDefs g) {
            return resolve(g.vrrpRtPriority(), g.vrrpNoSwap(), g.vrrpNice());
        }
    }

    public VrrpService(VrrpSpec spec, MeterRegistry registry) {
        this(spec, registry, Scheduling.fromProperties());
    }

    public VrrpService(VrrpSpec spec, MeterRegistry registry, Scheduling scheduling) {
        this.spec = spec;
        this.registry = registry;
        this.scheduling = scheduling;
    }

    /** The scheduling this service applies at {@link #start()}. */
    public Scheduling scheduling() {
        return scheduling;
    }

    /** Registers the listener told of every state change; call before {@link #start()}. */
    public void onTransition(VrrpTransitionListener listener) {
        this.transitions = listener;
    }

    /** The entry point for {@code fulcrum run}: the parsed keepalived.conf's VRRP part. */
    public static VrrpService fromConf(dev.fulcrum.conf.model.KeepalivedConfig config, MeterRegistry registry) {
        return new VrrpService(dev.fulcrum.vrrp.spec.ConfAdapter.adapt(config), registry,
                Scheduling.of(config.globalDefs()));
    }

    /** Opens every socket, removes stale VIPs and starts all instances as Backup (or Fault). */
    public synchronized void start() throws IOException {
        if (started) {
            return;
        }
        started = true;
        Map<String, InstanceSpec> byName = new LinkedHashMap<>();
        spec.instances().forEach(i -> byName.put(i.name(), i));
        Set<String> grouped = new HashSet<>();
        List<SyncGroupSpec> groups = new ArrayList<>(spec.syncGroups());
        for (SyncGroupSpec g : groups) {
            for (String m : g.members()) {
                if (!byName.containsKey(m)) {
                    throw new IOException("sync group " + g.name() + ": unknown instance " + m);
                }
                grouped.add(m);
            }
        }
        Map<String, List<TrackerFeed>> ifFeeds = new HashMap<>();
        Map<String, List<TrackerFeed>> scriptFeeds = new HashMap<>();
        Map<String, List<TrackerFeed>> fileFeeds = new HashMap<>();
        Map<String, List<TrackerFeed>> processFeeds = new HashMap<>();
        try {
            List<InetAddress> noAccept = new ArrayList<>();
            for (InstanceSpec i : spec.instances()) {
                if (!i.accept() && i.priority() < 255) {
                    concat(i.vips(), i.excludedVips()).forEach(v -> noAccept.add(v.address()));
                }
            }
            if (!noAccept.isEmpty()) {
                monitors.add(AcceptModeFirewall.install(noAccept));
            }
            for (SyncGroupSpec g : groups) {
                List<InstanceSpec> members = g.members().stream().map(byName::get).toList();
                build(g.name(), members, g, ifFeeds, scriptFeeds, fileFeeds, processFeeds);
            }
            for (InstanceSpec i : spec.instances()) {
                if (!grouped.contains(i.name())) {
                    build(null, List.of(i), null, ifFeeds, scriptFeeds, fileFeeds, processFeeds);
                }
            }
            if (!ifFeeds.isEmpty()) {
                LinkMonitor lm = new LinkMonitor(ifFeeds);
                monitors.add(lm);
                lm.start();
            }
            for (Map.Entry<String, List<TrackerFeed>> e : scriptFeeds.entrySet()) {
                ScriptSpec s = spec.scripts().get(e.getKey());
                if (spec.enableScriptSecurity() && ScriptTracker.insecurity(s.command()) != null) {
                    LOG.error("Unsafe permissions found for script {}: {} - disabling", s.name(),
                            ScriptTracker.insecurity(s.command()));
                    e.getValue().forEach(f -> f.push(0));
                    continue;
                }
                ScriptTracker t = new ScriptTracker(s, e.getValue(), spec.scriptUser());
                e.getValue().forEach(f -> f.push(t.initialReading()));
                monitors.add(t);
                t.start();
            }
            for (Map.Entry<String, List<TrackerFeed>> e : fileFeeds.entrySet()) {
                FileTracker t = new FileTracker(spec.trackFiles().get(e.getKey()), e.getValue());
                e.getValue().forEach(f -> f.push(t.initialReading()));
                monitors.add(t);
                t.start();
            }
            if (!processFeeds.isEmpty()) {
                Map<TrackProcessSpec, List<TrackerFeed>> byProcess = new LinkedHashMap<>();
                processFeeds.forEach((name, f) -> byProcess.put(spec.trackProcesses().get(name), f));
                ProcessTracker t = new ProcessTracker(byProcess);
                byProcess.forEach((s, f) -> f.forEach(x -> x.push(t.initialReading(s))));
                monitors.add(t);
                t.start();
            }
        } catch (IOException | RuntimeException e) {
            closeAll();
            for (GroupLoop l : loops.values()) {
                l.edges().values().forEach(InstanceEdges::close);
            }
            loops.clear();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        if (scheduling.nice().isPresent()) {
            // before the loops start: their threads inherit the value from this one
            int nice = scheduling.nice().getAsInt();
            String err = dev.fulcrum.net.ip.ThreadNice.applyToAllThreads(nice);
            if (err != null) {
                LOG.warn("cannot set vrrp_priority {}: {}", nice, err);
            } else {
                LOG.info("Nice value {} for every thread (vrrp_priority)", nice);
            }
        }
        int rt = scheduling.rtPriority();
        if (rt > 1) {
            // the safepoint/GC thread must not be starved while real-time VRRP threads wait on it, and
            // SIGTERM (priority-0 handover) must not queue behind normal-priority load
            List<String> vm = dev.fulcrum.net.ip.RealtimeScheduling.promoteThreads(
                    // stop-the-world workers only: concurrent GC threads stay at normal priority
                    n -> n.equals("VM Thread") || n.startsWith("GC Thread")
                            || n.equals("Signal Dispatch"), // comm is truncated to 15 characters
                    rt - 1);
            LOG.debug("SCHED_RR {} for JVM threads {}", rt - 1, vm);
        }
        if (scheduling.noSwap()) {
            // keepalived's vrrp_no_swap: no major page fault (swap, or a dropped JVM code page) in a timer
            // path. On its own thread: mlockall drains per-CPU page lists and can take long on a saturated
            // host, and the instances must not start late because of it.
            Thread t = new Thread(() -> {
                String err = dev.fulcrum.net.ip.MemoryLock.lockAll();
                if (err != null) {
                    LOG.warn("cannot lock memory (vrrp_no_swap): {}", err);
                } else {
                    LOG.info("Memory locked (mlockall current, future, on fault)");
                }
            }, "vrrp-mlock");
            t.setDaemon(true);
            t.start();
        }
        loops.values().forEach(GroupLoop::start);
    }

    private void build(String groupName, List<InstanceSpec> members, SyncGroupSpec group,
                       Map<String, List<TrackerFeed>> ifFeeds, Map<String, List<TrackerFeed>> scriptFeeds,
                       Map<String, List<TrackerFeed>> fileFeeds, Map<String, List<TrackerFeed>> processFeeds)
            throws IOException {
        List<VrrpInstanceMachine> machines = new ArrayList<>();
        Map<String, InstanceEdges> edges = new LinkedHashMap<>();
        Map<String, TrackerSet> trackers = new LinkedHashMap<>();
        Map<String, List<String[]>> memberRefs = new LinkedHashMap<>();
        for (InstanceSpec i : members) {
            InstanceEdges e;
            try {
                e = edges(i);
            } catch (IOException | RuntimeException ex) {
                edges.values().forEach(InstanceEdges::close);
                throw ex;
            }
            edges.put(i.name(), e);
            ElectionSettings es = new ElectionSettings(i.name(), i.version(), i.priority(), i.intervalCentis(),
                    i.startAsMaster(), i.nopreempt(), i.preemptDelayMillis() * 1_000_000L, i.downTimerAdverts(),
                    i.lowerPrioNoAdvert(), i.higherPrioSendAdvert(), e.channel.source(), i.garp());
            machines.add(new VrrpInstanceMachine(es));
            TrackerSet ts = new TrackerSet();
            List<String[]> refs = new ArrayList<>();
            if (!i.dontTrackPrimary()) {
                ts.add("if:" + i.interfaceName(), 0, false, true);
                refs.add(new String[] {"if", i.interfaceName()});
            }
            addRefs(ts, refs, i.trackInterfaces(), i.trackScripts(), i.trackFiles(), i.trackProcesses(), groupName != null);
            trackers.put(i.name(), ts);
            memberRefs.put(i.name(), refs);
        }
        TrackerSet groupTs = new TrackerSet();
        List<String[]> groupRefs = new ArrayList<>();
        if (group != null) {
            addRefs(groupTs, groupRefs, group.trackInterfaces(), group.trackScripts(), group.trackFiles(),
                    group.trackProcesses(), false);
        }
        SyncGroupMachine gm = groupName == null ? SyncGroupMachine.solo(machines.get(0))
                : new SyncGroupMachine(groupName, machines);
        NotifyScripts gn = group == null || group.notifications().empty() ? null
                : new NotifyScripts("GROUP", groupName, group.notifications(), 10_000,
                        spec.enableScriptSecurity(), spec.scriptUser());
        String loopName = groupName != null ? groupName : members.get(0).name();
        GroupLoop loop = new GroupLoop(loopName, gm, edges, trackers, groupTs, gn, scheduling.rtPriority());
        loop.transitions(transitions);
        loops.put(loopName, loop);
        members.forEach(m -> loopByInstance.put(m.name(), loop));
        memberRefs.forEach((name, refs) -> wire(loop, name, refs, ifFeeds, scriptFeeds, fileFeeds, processFeeds));
        wire(loop, null, groupRefs, ifFeeds, scriptFeeds, fileFeeds, processFeeds);
    }

    private void addRefs(TrackerSet ts, List<String[]> refs, List<TrackRef> ifs, List<TrackRef> scripts,
                         List<TrackRef> files, List<TrackRef> processes, boolean dropWeights) {
        for (TrackRef r : ifs) {
            int w = dropWeights || r.weight() == null ? 0 : r.weight();
            ts.add("if:" + r.name(), w, r.reverse(), true);
            refs.add(new String[] {"if", r.name()});
        }
        for (TrackRef r : scripts) {
            ScriptSpec s = spec.scripts().get(r.name());
            if (s == null) {
                LOG.warn("Disabling track script {} since not found", r.name());
                continue;
            }
            int w = r.weight() != null ? r.weight() : s.weight();
            if (dropWeights && w != 0) {
                LOG.warn("ignoring tracked script {} with weight {} due to SYNC group", r.name(), w);
                continue;
            }
            ts.add("script:" + r.name(), w, r.reverse() || s.reverse(), !s.initFail());
            refs.add(new String[] {"script", r.name()});
        }
        for (TrackRef r : files) {
            TrackFileSpec f = spec.trackFiles().get(r.name());
            if (f == null) {
                LOG.warn("track_file {} not found", r.name());
                continue;
            }
            int w = r.weight() != null ? r.weight() : f.weight();
            if (dropWeights && w != 0) {
                LOG.warn("ignoring tracked file {} with weight {} due to SYNC group", r.name(), w);
                continue;
            }
            ts.addValued("file:" + r.name(), w, r.reverse() || f.reverse());
            refs.add(new String[] {"file", r.name()});
        }
        for (TrackRef r : processes) {
            TrackProcessSpec p = spec.trackProcesses().get(r.name());
            if (p == null) {
                LOG.warn("vrrp_track_process {} not found", r.name());
                continue;
            }
            int w = r.weight() != null ? r.weight() : p.weight();
            if (dropWeights && w != 0) {
                LOG.warn("ignoring tracked process {} with weight {} due to SYNC group", r.name(), w);
                continue;
            }
            ts.add("process:" + r.name(), w, r.reverse() || p.reverse(), false);
            refs.add(new String[] {"process", r.name()});
        }
    }

    private static void wire(GroupLoop loop, String target, List<String[]> refs, Map<String, List<TrackerFeed>> ifFeeds,
                      Map<String, List<TrackerFeed>> scriptFeeds, Map<String, List<TrackerFeed>> fileFeeds,
                      Map<String, List<TrackerFeed>> processFeeds) {
        for (String[] r : refs) {
            TrackerFeed f = TrackerFeed.toLoop(loop, target, r[0] + ":" + r[1]);
            Map<String, List<TrackerFeed>> m = switch (r[0]) {
                case "if" -> ifFeeds;
                case "script" -> scriptFeeds;
                case "process" -> processFeeds;
                default -> fileFeeds;
            };
            m.computeIfAbsent(r[1], k -> new ArrayList<>()).add(f);
        }
    }

    private InstanceEdges edges(InstanceSpec i) throws IOException {
        Set<InetAddress> vipAddrs = new HashSet<>();
        i.vips().forEach(v -> vipAddrs.add(v.address()));
        i.excludedVips().forEach(v -> vipAddrs.add(v.address()));
        InetAddress source;
        AdvertChannel channel = null;
        VipApplier vips = null;
        Announcer announcer = null;
        VmacLink vmac = null;
        try {
            if (i.vmacName() != null) {
                if (i.ipv6()) {
                    throw new IOException(i.name() + ": use_vmac with IPv6 VIPs is not supported");
                }
                vmac = VmacLink.create(i.vmacName(), i.interfaceName(), i.vrid());
            }
            if (i.ipv6()) {
                if (i.version() != dev.fulcrum.vrrp.wire.VrrpVersion.V3) {
                    throw new IOException(i.name() + ": IPv6 needs VRRP version 3");
                }
                source = i.sourceAddress() instanceof Inet6Address a ? a : linkLocal(i.interfaceName());
                AdvertScreen screen = screen(i, source);
                RawIpv6Socket s6 = RawIpv6Socket.open(VrrpCodec.IPPROTO_VRRP, i.interfaceName());
                try {
                    channel = new Ipv6AdvertChannel(s6, (Inet6Address) source, i.unicastPeers(), screen);
                } catch (IOException e) {
                    s6.close();
                    throw e;
                }
            } else {
                source = i.sourceAddress() instanceof Inet4Address a ? a : primaryIpv4(i.interfaceName(), vipAddrs);
                AdvertScreen screen = screen(i, source);
                // use_vmac: receive on the VMAC. A peer's advert carries the same virtual MAC as source, and
                // macvlan hands a multicast frame whose source is one of its own MACs to that macvlan only,
                // never to the parent; adverts from other MACs reach the VMAC too (group joined on it).
                RawIpv4Socket s4 = RawIpv4Socket.open(VrrpCodec.IPPROTO_VRRP, vmac != null ? vmac.name() : i.interfaceName());
                RawIpv4Socket send4 = s4;
                try {
                    if (vmac != null && i.vmacXmitBase()) {
                        send4 = RawIpv4Socket.open(VrrpCodec.IPPROTO_VRRP, i.interfaceName());
                    }
                    channel = new Ipv4AdvertChannel(s4, send4, (Inet4Address) source, i.unicastPeers(), i.unicastTtl(),
                            i.v3Checksum(), screen);
                } catch (IOException e) {
                    s4.close();
                    send4.close();
                    throw e;
                }
            }
            vips = "ip".equals(System.getProperty("fulcrum.vrrp.vips")) ? new IpCommandVipApplier() : new RtnlVipApplier();
            announcer = new PacketAnnouncer(concat(i.vips(), i.excludedVips()), vmac != null ? vmac.name() : i.interfaceName());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            if (vips != null) {
                vips.close();
            }
            if (vmac != null) {
                vmac.close();
            }
            throw e;
        }
        NotifyScripts notify = new NotifyScripts("INSTANCE", i.name(), i.notifications(), 10_000,
                spec.enableScriptSecurity(), spec.scriptUser());
        VrrpMetrics metrics = new VrrpMetrics(registry, i.name(), i.interfaceName(), i.vrid(), i.vips(), i.excludedVips());
        LOG.info("({}) VRRPv{} VRID {} on {} from {} {} priority {}, advert {} ms", i.name(), i.version().number(),
                i.vrid(), i.interfaceName(), source.getHostAddress(), i.unicast() ? "unicast" : "multicast",
                i.priority(), i.intervalCentis() * 10);
        return new InstanceEdges(i, channel, vips, announcer, notify, metrics, vmac != null ? vmac.name() : null, vmac);
    }

    private static AdvertScreen screen(InstanceSpec i, InetAddress source) {
        return new AdvertScreen(i.version(), i.vrid(), i.authType(), i.authPass(), i.intervalCentis(),
                i.vips().stream().map(VipSpec::address).toList(), !i.skipCheckAdvAddr(), i.unicastPeers(),
                i.checkUnicastSrc(), Set.of(source));
    }

    /** The interface's IPv6 link-local address: RFC 5798 §5.1.2.1 source of IPv6 adverts. */
    static Inet6Address linkLocal(String ifname) throws IOException {
        try (RouteNetlink rtnl = RouteNetlink.open()) {
            int idx = rtnl.linkIndex(ifname);
            for (InterfaceAddress a : rtnl.addresses(Rtnl.AF_INET6)) {
                if (a.ifindex() == idx && a.address() instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
                    return (Inet6Address) InetAddress.getByAddress(v6.getAddress());
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read addresses of " + ifname + ": " + e.getMessage(), e);
        }
        throw new IOException("interface " + ifname + " has no IPv6 link-local address to send adverts from");
    }

    private static List<VipSpec> concat(List<VipSpec> a, List<VipSpec> b) {
        List<VipSpec> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The interface's primary IPv4 address that is not one of our VIPs (a crashed run may have left them). */
    static Inet4Address primaryIpv4(String ifname, Set<InetAddress> vips) throws IOException {
        try (RouteNetlink rtnl = RouteNetlink.open()) {
            int idx = rtnl.linkIndex(ifname);
            Inet4Address fallback = null;
            for (InterfaceAddress a : rtnl.addresses(Rtnl.AF_INET)) {
                if (a.ifindex() != idx || !(a.address() instanceof Inet4Address v4) || vips.contains(v4)) {
                    continue;
                }
                if ((a.flags() & Rtnl.IFA_F_SECONDARY) == 0) {
                    return v4;
                }
                if (fallback == null) {
                    fallback = v4;
                }
            }
            if (fallback != null) {
                return fallback;
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read addresses of " + ifname + ": " + e.getMessage(), e);
        }
        throw new IOException("interface " + ifname + " has no IPv4 address to send adverts from");
    }

    /** Administrative handover for one instance's loop (or a sync group by name). */
    public CompletableFuture<Void> admin(String instanceOrGroup, AdminCommand command) {
        GroupLoop l = loops.containsKey(instanceOrGroup) ? loops.get(instanceOrGroup) : loopByInstance.get(instanceOrGroup);
        if (l == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no instance or group " + instanceOrGroup));
        }
        return l.admin(command);
    }

    public List<InstanceStatus> status() {
        List<InstanceStatus> out = new ArrayList<>();
        for (GroupLoop l : loops.values()) {
            try {
                out.addAll(l.inspect().get(1, TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.warn("status of {} unavailable: {}", l.name(), e.toString());
            }
        }
        return out;
    }

    /** SIGTERM: Masters resign with priority 0 and remove VIPs; returns when done or after {@code timeout}. */
    public synchronized void stop(Duration timeout) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (GroupLoop l : loops.values()) {
            done.add(l.stop());
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("VRRP stop did not complete in {}: {}", timeout, e.toString());
        }
        closeAll();
    }

    private void closeAll() {
        for (AutoCloseable m : monitors) {
            try {
                m.close();
            } catch (Exception e) {
                LOG.debug("close: {}", e.toString());
            }
        }
        monitors.clear();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}

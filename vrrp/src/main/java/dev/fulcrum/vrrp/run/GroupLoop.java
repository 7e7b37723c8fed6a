package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.machine.AdminCommand;
import dev.fulcrum.vrrp.machine.MemberAction;
import dev.fulcrum.vrrp.machine.SyncGroupMachine;
import dev.fulcrum.vrrp.machine.TrackerSet;
import dev.fulcrum.vrrp.machine.VrrpAction;
import dev.fulcrum.vrrp.machine.VrrpInstanceMachine;
import dev.fulcrum.vrrp.machine.VrrpState;
import dev.fulcrum.vrrp.wire.Rejection;
import dev.fulcrum.vrrp.wire.Screening;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns one sync group's (or one lone instance's) machine: it waits for the
 * earlier of the next timer deadline and the next event, feeds the pure machine with
 * {@link System#nanoTime()}, and executes the resulting actions in order. Receive threads (one per
 * instance) only screen packets and enqueue them, so a slow peer or a flood never delays a timer.
 */
public final class GroupLoop {
    private static final Logger LOG = LoggerFactory.getLogger(GroupLoop.class);
    private static final long SECOND = 1_000_000_000L;
    /**
     * The default SCHED_RR priority for the loop and receive threads when neither the config
     * ({@code vrrp_rt_priority}) nor {@code fulcrum.vrrp.rtPriority} sets one. Only these threads are
     * promoted; they block between events, so they cannot starve the machine, and the kernel's RT
     * throttling bounds them anyway.
     */
    static final int DEFAULT_RT_PRIORITY = 10;

    /** Inputs to the loop. */
    sealed interface Event {
    }

    record AdvertIn(String instance, Screening.Accepted accepted) implements Event {
    }

    /** A tracker reading; {@code target} null = the group's trackers. */
    record Reading(String target, String tracker, long value) implements Event {
    }

    record Admin(AdminCommand command, CompletableFuture<Void> done) implements Event {
    }

    record Stop(CompletableFuture<Void> done) implements Event {
    }

    record Inspect(CompletableFuture<List<InstanceStatus>> reply) implements Event {
    }

    private final String name;
    private final int rtPriority;
    private final SyncGroupMachine machine;
    private final Map<String, InstanceEdges> edges;
    private final Map<String, TrackerSet> memberTrackers;
    private final TrackerSet groupTrackers;
    private final NotifyScripts groupNotify;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final RateLimitedLog limited = new RateLimitedLog(10 * SECOND);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private VrrpState groupState = VrrpState.INIT;
    private volatile VrrpTransitionListener transitions = VrrpTransitionListener.NONE;
    private int drained;

    public GroupLoop(String name, SyncGroupMachine machine, Map<String, InstanceEdges> edges,
                     Map<String, TrackerSet> memberTrackers, TrackerSet groupTrackers, NotifyScripts groupNotify) {
        this(name, machine, edges, memberTrackers, groupTrackers, groupNotify,
                VrrpService.Scheduling.fromProperties().rtPriority());
    }

    /** @param rtPriority SCHED_RR priority of the loop and receive threads, 0 = normal scheduling */
    public GroupLoop(String name, SyncGroupMachine machine, Map<String, InstanceEdges> edges,
                     Map<String, TrackerSet> memberTrackers, TrackerSet groupTrackers, NotifyScripts groupNotify,
                     int rtPriority) {
        this.rtPriority = rtPriority;
        this.name = name;
        this.machine = machine;
        this.edges = Map.copyOf(edges);
        this.memberTrackers = Map.copyOf(memberTrackers);
        this.groupTrackers = groupTrackers;
        this.groupNotify = groupNotify;
    }

    public String name() {
        return name;
    }

    /** Who hears about state changes; set before {@link #start()}. */
    public void transitions(VrrpTransitionListener listener) {
        this.transitions = listener;
    }

    public Map<String, InstanceEdges> edges() {
        return edges;
    }

    /** Starts the event loop and one receive thread per instance. */
    public void start() {
        Thread loop = new Thread(this::runLoop, "vrrp-loop-" + name);
        loop.setPriority(Thread.MAX_PRIORITY);
        threads.add(loop);
        for (InstanceEdges e : edges.values()) {
            Thread rx = new Thread(() -> receiveLoop(e), "vrrp-rx-" + e.spec.name());
            rx.setDaemon(true);
            rx.setPriority(Thread.MAX_PRIORITY);
            threads.add(rx);
        }
        threads.forEach(Thread::start);
    }

    public void submit(Event e) {
        queue.add(e);
    }

    /** Tracker reading from a monitor thread. */
    public void reading(String target, String tracker, long value) {
        queue.add(new Reading(target, tracker, value));
    }

    public CompletableFuture<Void> admin(AdminCommand c) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Admin(c, f));
        return f;
    }

    public CompletableFuture<List<InstanceStatus>> inspect() {
        CompletableFuture<List<InstanceStatus>> f = new CompletableFuture<>();
        queue.add(new Inspect(f));
        return f;
    }

    /** SIGTERM semantics: Masters send priority 0 and remove VIPs; then sockets close. */
    public CompletableFuture<Void> stop() {
        synchronized (this) {
            if (stopFuture == null) {
                stopFuture = new CompletableFuture<>();
                queue.add(new Stop(stopFuture));
            }
            return stopFuture;
        }
    }

    private CompletableFuture<Void> stopFuture;

    public boolean trackers(String target) {
        return target == null ? !groupTrackers.isEmpty() : memberTrackers.containsKey(target);
    }

    // ------------------------------------------------------------------ the loop

    private void runLoop() {
        CompletableFuture<Void> stopped = null;
        promote();
        try {
            dispatch(machine.cleanup()); // may be slow (cold netlink path): the timers start after it
            long now = System.nanoTime();
            // initial tracker readings (submitted before start) are applied before the first election
            while (queue.peek() instanceof Reading) {
                handle(queue.poll(), now);
            }
            dispatch(machine.start(now));
            while (true) {
                now = System.nanoTime();
                long deadline = machine.nextDeadline();
                Event e;
                if (deadline != Long.MAX_VALUE && deadline - now <= 0) {
                    // Overdue (we were descheduled): events already queued arrived before now, possibly
                    // before the deadline; act on them first so a late wake-up is not a spurious
                    // takeover. Bounded, so a flood cannot hold a Master's advert timer back.
                    e = drained < 64 ? queue.poll() : null;
                    if (e == null) {
                        drained = 0;
                        dispatch(machine.poll(now));
                        continue;
                    }
                    drained++;
                } else {
                    drained = 0;
                    long wait = deadline == Long.MAX_VALUE ? SECOND : Math.min(SECOND, deadline - now);
                    e = queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (e == null) {
                        continue;
                    }
                }
                now = System.nanoTime();
                if (e instanceof Stop s) {
                    stopping = true;
                    dispatch(machine.shutdown(now));
                    stopped = s.done();
                    break;
                }
                handle(e, now);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            LOG.error("VRRP_Group({}) event loop failed", name, ex);
        } finally {
            stopping = true;
            for (InstanceEdges e : edges.values()) {
                e.close();
            }
            if (groupNotify != null) {
                groupNotify.close();
            }
            if (stopped != null) {
                stopped.complete(null);
            }
        }
    }

    private void handle(Event e, long now) {
        if (e instanceof AdvertIn a) {
            InstanceEdges ie = edges.get(a.instance());
            ie.metrics.advertReceived(a.accepted().received().advert().priority(), a.accepted().checksumForm());
            dispatch(machine.onAdvert(a.instance(), a.accepted().received(), now));
        } else if (e instanceof Reading r) {
            TrackerSet ts = r.target() == null ? groupTrackers : memberTrackers.get(r.target());
            if (ts != null && ts.updateValue(r.tracker(), r.value())) {
                LOG.info("{} tracker {} is now {}", r.target() == null ? "VRRP_Group(" + name + ")" : "(" + r.target() + ")",
                        r.tracker(), r.value() == 0 ? "DOWN" : (r.value() == 1 ? "UP" : Long.toString(r.value())));
                dispatch(r.target() == null ? machine.onGroupTrackers(ts.verdict(), now)
                        : machine.onMemberTrackers(r.target(), ts.verdict(), now));
            }
        } else if (e instanceof Admin a) {
            LOG.info("VRRP_Group({}) administrative {}", name, a.command());
            dispatch(machine.admin(a.command(), now));
            a.done().complete(null);
        } else if (e instanceof Inspect i) {
            List<InstanceStatus> out = new ArrayList<>();
            for (VrrpInstanceMachine m : machine.members().values()) {
                out.add(new InstanceStatus(m.name(), m.state(), m.effectivePriority(), m.masterAddress()));
            }
            i.reply().complete(out);
        }
    }

    private static List<Runnable> deferred(List<Runnable> later, Runnable r) {
        List<Runnable> l = later == null ? new ArrayList<>(4) : later;
        l.add(r);
        return l;
    }

    /**
     * Runs the machine's actions in order, except that log lines and the transition listener wait until
     * the batch's packets and addresses are out: a takeover's advert, VIPs and first GARP must not queue
     * behind synchronous writes to the log (about a millisecond measured against keepalived's takeover).
     */
    private void dispatch(List<MemberAction> actions) {
        List<Runnable> later = null; // made on first use: an advert alone (every interval) defers nothing
        for (MemberAction ma : actions) {
            InstanceEdges e = edges.get(ma.instance());
            String iname = ma.instance();
            VrrpAction a = ma.action();
            try {
                if (a instanceof VrrpAction.SendAdvert s) {
                    try {
                        e.channel.send(e.advert(s.priority(), s.intervalCentis()));
                        e.metrics.advertSent(s.priority());
                        if (s.priority() == 0) {
                            LOG.info("({}) sent 0 priority", iname);
                        }
                    } catch (IOException ex) {
                        limited.maybe(iname + "/send", System.nanoTime(), n -> LOG.warn(
                                "({}) cannot send advert: {}{}", iname, ex.getMessage(), suppressed(n)));
                    }
                } else if (a instanceof VrrpAction.AddVips) {
                    e.vips.add(e.allVips, e.spec.interfaceName());
                    later = deferred(later, () -> LOG.info("({}) setting VIPs.", iname));
                    if (!e.spec.routes().isEmpty() || !e.spec.rules().isEmpty()) {
                        LOG.info("({}) setting {} virtual routes and {} virtual rules.", iname, e.spec.routes().size(), e.spec.rules().size());
                        e.vips.addRouting(e.spec.routes(), e.spec.rules(), e.spec.interfaceName());
                    }
                } else if (a instanceof VrrpAction.RemoveVips) {
                    LOG.info("({}) removing VIPs.", iname);
                    try {
                        e.vips.removeRouting(e.spec.routes(), e.spec.rules(), e.spec.interfaceName());
                    } finally {
                        e.vips.remove(e.allVips, e.spec.interfaceName());
                    }
                } else if (a instanceof VrrpAction.SendGratuitous g) {
                    e.announcer.announce(g.count());
                    later = deferred(later, () -> LOG.info("({}) Sending {} {} on {} for {}", iname, g.count(),
                            e.spec.ipv6() ? "unsolicited NAs" : "gratuitous ARPs", e.spec.interfaceName(),
                            e.spec.vips().stream().map(v -> v.address().getHostAddress()).toList()));
                } else if (a instanceof VrrpAction.RunNotify n) {
                    e.notify.notify(n.state(), n.priority());
                    if (groupNotify != null && n.state() != groupState) {
                        groupState = n.state();
                        groupNotify.notify(n.state(), n.priority());
                    }
                } else if (a instanceof VrrpAction.Transition t) {
                    e.metrics.transition(t.from(), t.to());
                    later = deferred(later, () -> {
                        LOG.info("({}) Entering {} STATE {}", iname, t.to(),
                                t.reason().startsWith("(") ? t.reason() : "(" + t.reason() + ")");
                        transitions.onTransition(iname, t.from(), t.to(), t.reason());
                    });
                } else if (a instanceof VrrpAction.PriorityChanged p) {
                    LOG.info("({}) Changing effective priority from {} to {}", iname, p.from(), p.to());
                } else if (a instanceof VrrpAction.Note n) {
                    String key = iname + "/" + n.text().replaceAll("[0-9.]+", "#");
                    limited.maybe(key, System.nanoTime(), k -> LOG.info("({}) {}{}", iname, n.text(), suppressed(k)));
                }
            } catch (IOException | RuntimeException ex) {
                LOG.error("({}) {} failed: {}", iname, a.getClass().getSimpleName(), ex.toString());
            }
        }
        if (later == null) {
            return;
        }
        for (Runnable r : later) {
            try {
                r.run();
            } catch (RuntimeException ex) {
                LOG.warn("VRRP_Group({}) transition listener or log failed: {}", name, ex.toString());
            }
        }
    }

    // ------------------------------------------------------------------ receive thread

    private void receiveLoop(InstanceEdges e) {
        String iname = e.spec.name();
        promote();
        while (!stopping && !e.channel.isClosed()) {
            AdvertChannel.Reception r;
            try {
                r = e.channel.receive(100);
            } catch (IOException ex) {
                if (stopping) {
                    return;
                }
                limited.maybe(iname + "/recv", System.nanoTime(), n -> LOG.warn("({}) receive failed: {}{}", iname,
                        ex.getMessage(), suppressed(n)));
                sleepQuietly(10);
                continue;
            }
            if (r == null) {
                continue;
            }
            if (r.screening() instanceof Screening.Accepted ok) {
                queue.add(new AdvertIn(iname, ok));
            } else if (r.screening() instanceof Rejection rej) {
                e.metrics.rejected(rej);
                if (rej instanceof Rejection.VridMismatch) {
                    continue;
                }
                String from = r.source() == null ? "?" : r.source().getHostAddress();
                limited.maybe(iname + "/" + rej.stat() + "/" + from, System.nanoTime(), n -> {
                    if (rej.splitBrainRisk()) {
                        LOG.warn("({}) rejected advert from {}: {} [{}]. Peer {} is being ignored: if it is a VRRP"
                                + " peer of this instance, both nodes may be MASTER (split-brain risk){}", iname, from,
                                rej.describe(), rej.stat(), from, suppressed(n));
                    } else {
                        LOG.info("({}) dropped packet from {}: {} [{}]{}", iname, from, rej.describe(), rej.stat(),
                                suppressed(n));
                    }
                });
            }
        }
    }

    private void promote() {
        if (rtPriority > 0) {
            String why = dev.fulcrum.net.ip.RealtimeScheduling.promoteCurrentThread(rtPriority);
            if (why != null) {
                limited.maybe("rt", System.nanoTime(), n -> LOG.warn(
                        "VRRP_Group({}) cannot use SCHED_RR priority {} ({}); timers run at normal priority", name,
                        rtPriority, why));
            }
        }
    }

    private static String suppressed(long n) {
        return n == 0 ? "" : " (" + n + " similar suppressed)";
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.fulcrum.vrrp.machine;

import dev.fulcrum.vrrp.machine.VrrpAction.AddVips;
import dev.fulcrum.vrrp.machine.VrrpAction.Note;
import dev.fulcrum.vrrp.machine.VrrpAction.PriorityChanged;
import dev.fulcrum.vrrp.machine.VrrpAction.RemoveVips;
import dev.fulcrum.vrrp.machine.VrrpAction.RunNotify;
import dev.fulcrum.vrrp.machine.VrrpAction.SendAdvert;
import dev.fulcrum.vrrp.machine.VrrpAction.SendGratuitous;
import dev.fulcrum.vrrp.machine.VrrpAction.Transition;
import dev.fulcrum.vrrp.wire.ReceivedAdvert;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 5798 state machine of one instance with keepalived's extensions (keepalived-config.md §10), as
 * a pure function of events and an injected monotonic clock: every entry point takes {@code now} in
 * nanoseconds and returns the actions to perform; {@link #nextDeadline()} says when to call
 * {@link #poll(long)} next. No threads, sockets or clocks here, so every transition is unit-tested on
 * simulated time and the runner stays a dumb loop.
 *
 * <p>Not thread-safe: one event loop owns it.
 */
public final class VrrpInstanceMachine {
    private final ElectionSettings cfg;
    private final Deadline masterDown = new Deadline();
    private final Deadline advertTimer = new Deadline();
    private final GratuitousSchedule garps;

    private VrrpState state = VrrpState.INIT;
    private TrackVerdict verdict = TrackVerdict.HEALTHY;
    private AdminCommand hold = AdminCommand.RELEASE;
    private int effectivePriority;
    private int masterAdverIntervalCentis;
    private long preemptDelayUntil = Deadline.NEVER;
    private long lowerPrioEpisodeUntil = Deadline.NEVER;
    private boolean grouped;
    private boolean wantMaster;
    private InetAddress masterAddress;
    private int masterPriority = -1;

    public VrrpInstanceMachine(ElectionSettings settings) {
        this.cfg = settings;
        this.garps = new GratuitousSchedule(settings.garp());
        this.effectivePriority = settings.priority();
        this.masterAdverIntervalCentis = settings.intervalCentis();
    }

    // ---------------------------------------------------------------- queries

    public VrrpState state() {
        return state;
    }

    public String name() {
        return cfg.name();
    }

    public ElectionSettings settings() {
        return cfg;
    }

    public int effectivePriority() {
        return effectivePriority;
    }

    public int masterAdverIntervalCentis() {
        return masterAdverIntervalCentis;
    }

    /** The current master as last heard (null if none, or if we are it). */
    public InetAddress masterAddress() {
        return masterAddress;
    }

    /** True when this backup's down timer expired but its sync group holds it back. */
    public boolean wantsMaster() {
        return wantMaster;
    }

    /** Own fault (trackers), as opposed to a fault imposed by a sync group. */
    public boolean trackerFault() {
        return verdict.fault();
    }

    /** The earliest time {@link #poll(long)} has work, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return switch (state) {
            case BACKUP -> masterDown.at();
            case MASTER -> Math.min(advertTimer.at(), garps.next());
            default -> Deadline.NEVER;
        };
    }

    /** Current Master_Down_Interval (with the learned v3 interval). */
    public long masterDownIntervalNanos() {
        return MasterDownInterval.nanos(cfg.version(), effectivePriority, masterAdverIntervalCentis,
                cfg.downTimerAdverts());
    }

    public long skewNanos() {
        return SkewTime.nanos(cfg.version(), effectivePriority, masterAdverIntervalCentis);
    }

    // ---------------------------------------------------------------- events

    /** Marks the machine as a sync-group member: an expired down timer then waits for the group. */
    void joinGroup() {
        grouped = true;
    }

    /**
     * Before startup: remove VIPs a crashed run may have left behind. Separate from {@link #start(long)}
     * and free of time, because the cleanup may take a while and the Master_Down timer must start after it.
     */
    public List<VrrpAction> cleanup() {
        return state == VrrpState.INIT ? List.of(new RemoveVips()) : List.of();
    }

    /** Startup (after {@link #cleanup()}): Backup, or Master for an owner, or Fault. */
    public List<VrrpAction> start(long now) {
        if (state != VrrpState.INIT) {
            return List.of();
        }
        List<VrrpAction> out = new ArrayList<>();
        recomputePriority(out, now);
        if (verdict.fault()) {
            enter(VrrpState.FAULT, "(init) " + verdict.faultReason(), out);
        } else if (cfg.owner() && cfg.startAsMaster() && !grouped) {
            becomeMaster(now, "(init) address owner", out);
        } else {
            toBackup(now, "(init)", out);
            if (cfg.preemptDelayNanos() > 0) {
                preemptDelayUntil = now + cfg.preemptDelayNanos();
            }
        }
        return out;
    }

    /** An advert that passed {@code AdvertScreen}. */
    public List<VrrpAction> onAdvert(ReceivedAdvert received, long now) {
        List<VrrpAction> out = new ArrayList<>(2);
        VrrpAdvertisement a = received.advert();
        int theirs = a.priority();
        switch (state) {
            case BACKUP -> {
                if (theirs == 0) {
                    masterDown.arm(now + skewNanos());
                    out.add(new Note("Backup received priority 0 advertisement"));
                } else if (cfg.nopreempt() || theirs >= effectivePriority || preemptDelayed(now)) {
                    adoptInterval(a, out);
                    masterDown.arm(now + masterDownIntervalNanos());
                    wantMaster = false;
                    masterAddress = received.source();
                    masterPriority = theirs;
                } else {
                    out.add(new Note("received lower priority (" + theirs + ") advert from "
                            + received.source().getHostAddress() + " - discarding"));
                }
            }
            case MASTER -> {
                if (theirs == 0) {
                    sendAdvert(now, out);
                } else if (theirs > effectivePriority
                        || (theirs == effectivePriority && compare(received.source(), cfg.primaryAddress()) > 0)) {
                    if (cfg.higherPrioSendAdvert()) {
                        out.add(new SendAdvert(effectivePriority, cfg.intervalCentis()));
                    }
                    adoptInterval(a, out);
                    masterAddress = received.source();
                    masterPriority = theirs;
                    leaveMaster(now, VrrpState.BACKUP, "Master received advert from "
                            + received.source().getHostAddress() + " with higher priority " + theirs + ", ours "
                            + effectivePriority, false, out);
                } else if (theirs == effectivePriority && compare(received.source(), cfg.primaryAddress()) == 0) {
                    out.add(new Note("WARNING - equal priority advert received from remote host with our IP address."));
                } else if (!cfg.lowerPrioNoAdvert()) {
                    out.add(new Note("Received advert from " + received.source().getHostAddress()
                            + " with lower priority " + theirs + ", ours " + effectivePriority
                            + ", forcing new election"));
                    sendAdvert(now, out);
                    // GARPs once per episode: re-announcing at every lower-priority advert flaps client ARP
                    // caches between two masters during a one-way partition (anchors.md §1.8).
                    if (lowerPrioEpisodeUntil == Deadline.NEVER || now - lowerPrioEpisodeUntil >= 0) {
                        GarpPolicy g = cfg.garp();
                        if (g.lowerPrioRepeat() > 0) {
                            out.add(new SendGratuitous(g.lowerPrioRepeat()));
                            if (g.lowerPrioDelayNanos() > 0) {
                                garps.burst(now + g.lowerPrioDelayNanos(), g.lowerPrioRepeat());
                            }
                        }
                    }
                    lowerPrioEpisodeUntil = now + masterDownIntervalNanos();
                }
            }
            default -> {
                // INIT, FAULT, STOP: adverts do not move us
            }
        }
        return out;
    }

    /** Fires whatever timers are due. */
    public List<VrrpAction> poll(long now) {
        List<VrrpAction> out = new ArrayList<>(2);
        if (state == VrrpState.BACKUP && masterDown.due(now)) {
            masterDown.cancel();
            if (grouped) {
                wantMaster = true;
            } else {
                becomeMaster(now, "Receive advertisement timeout", out);
            }
        } else if (state == VrrpState.MASTER) {
            if (advertTimer.due(now)) {
                sendAdvert(now, out);
            }
            int due = garps.takeDue(now);
            if (due > 0) {
                out.add(new SendGratuitous(due));
            }
        }
        return out;
    }

    /** New tracker opinion: priority moves (clamped 1..254, owners ignore weights) or FAULT. */
    public List<VrrpAction> onTrackers(TrackVerdict v, long now) {
        List<VrrpAction> out = new ArrayList<>(4);
        boolean wasFault = verdict.fault();
        verdict = v;
        recomputePriority(out, now);
        if (state == VrrpState.INIT || state == VrrpState.STOP) {
            return out;
        }
        if (v.fault() && !wasFault) {
            if (state == VrrpState.MASTER) {
                leaveMaster(now, VrrpState.FAULT, "entering FAULT state (" + v.faultReason() + ")", true, out);
            } else if (state != VrrpState.FAULT) {
                enter(VrrpState.FAULT, "entering FAULT state (" + v.faultReason() + ")", out);
                masterDown.cancel();
                wantMaster = false;
            }
        } else if (!v.fault() && wasFault && state == VrrpState.FAULT) {
            if (cfg.owner() && !grouped) {
                becomeMaster(now, "leaving FAULT state: address owner", out);
            } else {
                toBackup(now, "leaving FAULT state", out);
            }
        }
        return out;
    }

    /** Administrative handover (drills). */
    public List<VrrpAction> admin(AdminCommand command, long now) {
        List<VrrpAction> out = new ArrayList<>(4);
        hold = command;
        recomputePriority(out, now);
        if (command == AdminCommand.TAKEOVER && state == VrrpState.BACKUP) {
            if (grouped) {
                wantMaster = true;
            } else {
                becomeMaster(now, "administrative takeover", out);
            }
        } else if (command == AdminCommand.RESIGN && state == VrrpState.MASTER) {
            leaveMaster(now, VrrpState.BACKUP, "administrative resign", true, out);
        }
        return out;
    }

    /** SIGTERM: a Master resigns with priority 0 and drops its VIPs. */
    public List<VrrpAction> shutdown(long now) {
        List<VrrpAction> out = new ArrayList<>(4);
        if (state == VrrpState.MASTER) {
            leaveMaster(now, VrrpState.STOP, "Stopping", true, out);
        } else if (state != VrrpState.STOP) {
            enter(VrrpState.STOP, "Stopping", out);
        }
        masterDown.cancel();
        advertTimer.cancel();
        garps.clear();
        return out;
    }

    // ---------------------------------------------------------------- used by the sync group

    /** Sync group: every member wants Master, go now. */
    List<VrrpAction> promote(long now, String reason) {
        List<VrrpAction> out = new ArrayList<>(6);
        if (state == VrrpState.BACKUP) {
            becomeMaster(now, reason, out);
        }
        return out;
    }

    /** Sync group: a sibling left Master or entered Fault; follow it. */
    List<VrrpAction> follow(VrrpState target, long now, String reason) {
        List<VrrpAction> out = new ArrayList<>(6);
        if (target == VrrpState.BACKUP) {
            if (state == VrrpState.MASTER) {
                leaveMaster(now, VrrpState.BACKUP, reason, false, out);
            } else if (state == VrrpState.BACKUP && wantMaster) {
                wantMaster = false;
                masterDown.arm(now + masterDownIntervalNanos());
            }
        } else if (target == VrrpState.FAULT) {
            if (state == VrrpState.MASTER) {
                leaveMaster(now, VrrpState.FAULT, reason, true, out);
            } else if (state == VrrpState.BACKUP) {
                masterDown.cancel();
                wantMaster = false;
                enter(VrrpState.FAULT, reason, out);
            }
        }
        return out;
    }

    /** Sync group: the group fault cleared. */
    List<VrrpAction> recover(long now) {
        List<VrrpAction> out = new ArrayList<>(3);
        if (state == VrrpState.FAULT && !verdict.fault()) {
            toBackup(now, "leaving FAULT state", out);
        }
        return out;
    }

    // ---------------------------------------------------------------- internals

    private boolean preemptDelayed(long now) {
        if (cfg.preemptDelayNanos() <= 0) {
            return false;
        }
        if (preemptDelayUntil == Deadline.NEVER) {
            preemptDelayUntil = now + cfg.preemptDelayNanos();
        }
        return now - preemptDelayUntil <= 0;
    }

    private void adoptInterval(VrrpAdvertisement a, List<VrrpAction> out) {
        if (cfg.version() == VrrpVersion.V3 && a.intervalCentis() != masterAdverIntervalCentis
                && a.intervalCentis() > 0) {
            out.add(new Note("advertisement interval updated from " + masterAdverIntervalCentis * 10 + "ms to "
                    + a.intervalCentis() * 10 + "ms by master"));
            masterAdverIntervalCentis = a.intervalCentis();
        }
    }

    private void becomeMaster(long now, String reason, List<VrrpAction> out) {
        VrrpState from = state;
        state = VrrpState.MASTER;
        wantMaster = false;
        masterDown.cancel();
        masterAddress = null;
        masterPriority = -1;
        preemptDelayUntil = Deadline.NEVER;
        lowerPrioEpisodeUntil = Deadline.NEVER;
        if (masterAdverIntervalCentis != cfg.intervalCentis()) {
            out.add(new Note("changing advert interval from " + masterAdverIntervalCentis * 10
                    + "ms to locally configured " + cfg.intervalCentis() * 10 + "ms"));
            masterAdverIntervalCentis = cfg.intervalCentis();
        }
        out.add(new Transition(from, VrrpState.MASTER, reason));
        sendAdvert(now, out);
        out.add(new AddVips());
        garps.clear();
        garps.takeover(now);
        int due = garps.takeDue(now);
        if (due > 0) {
            out.add(new SendGratuitous(due));
        }
        out.add(new RunNotify(VrrpState.MASTER, effectivePriority));
    }

    private void leaveMaster(long now, VrrpState to, String reason, boolean resign, List<VrrpAction> out) {
        advertTimer.cancel();
        garps.clear();
        out.add(new Transition(VrrpState.MASTER, to, reason));
        if (resign) {
            out.add(new SendAdvert(0, cfg.intervalCentis()));
        }
        out.add(new RemoveVips());
        state = to;
        if (to == VrrpState.BACKUP) {
            masterDown.arm(now + masterDownIntervalNanos());
        }
        out.add(new RunNotify(to, effectivePriority));
    }

    private void toBackup(long now, String reason, List<VrrpAction> out) {
        if (cfg.version() == VrrpVersion.V3) {
            masterAdverIntervalCentis = cfg.intervalCentis();
        }
        masterDown.arm(now + masterDownIntervalNanos());
        wantMaster = false;
        enter(VrrpState.BACKUP, reason, out);
    }

    private void enter(VrrpState to, String reason, List<VrrpAction> out) {
        VrrpState from = state;
        state = to;
        out.add(new Transition(from, to, reason));
        out.add(new RunNotify(to, effectivePriority));
    }

    private void sendAdvert(long now, List<VrrpAction> out) {
        out.add(new SendAdvert(effectivePriority, cfg.intervalCentis()));
        long period = cfg.intervalCentis() * 10_000_000L;
        long next = advertTimer.armed() ? advertTimer.at() + period : now + period;
        if (next - now <= 0 || next - now > period) {
            next = now + period; // late or early (priority-0 / lower-priority reply): restart from now
        }
        advertTimer.arm(next);
    }

    private void recomputePriority(List<VrrpAction> out, long now) {
        int p;
        if (cfg.owner()) {
            p = 255;
        } else if (hold == AdminCommand.TAKEOVER) {
            p = 254;
        } else if (hold == AdminCommand.RESIGN) {
            p = 1;
        } else {
            p = Math.max(1, Math.min(254, cfg.priority() + verdict.weight()));
        }
        if (p != effectivePriority) {
            int old = effectivePriority;
            long oldSkew = skewNanos();
            effectivePriority = p;
            out.add(new PriorityChanged(old, p));
            if (state == VrrpState.BACKUP) {
                masterDown.shift(skewNanos() - oldSkew);
            }
        }
    }

    /** Unsigned compare of two addresses in network order (RFC tie-break). */
    static int compare(InetAddress a, InetAddress b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    @Override
    public String toString() {
        return "(" + cfg.name() + ") " + state + " prio " + effectivePriority
                + (masterPriority >= 0 ? " master " + masterAddress + "/" + masterPriority : "");
    }
}

package dev.fulcrum.vrrp.machine;

import dev.fulcrum.vrrp.wire.ReceivedAdvert;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Drives one machine on simulated time, recording every action with its timestamp. */
final class SimulatedInstance {
    record Timed(long at, VrrpAction action) {
    }

    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    static final InetAddress ME = addr("10.99.0.12");
    static final InetAddress HIGHER_IP = addr("10.99.0.13");
    static final InetAddress LOWER_IP = addr("10.99.0.11");
    static final List<InetAddress> VIPS = List.of(addr("10.99.0.50"));

    final VrrpInstanceMachine machine;
    final List<Timed> log = new ArrayList<>();
    long now = 1_000 * S; // arbitrary origin: nothing may assume time zero

    SimulatedInstance(ElectionSettings s) {
        machine = new VrrpInstanceMachine(s);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ElectionSettings v3(int prio, int intervalCs) {
        return ElectionSettings.defaults("VI_1", VrrpVersion.V3, prio, intervalCs, ME);
    }

    static ElectionSettings v2(int prio, int intervalSec) {
        return ElectionSettings.defaults("VI_1", VrrpVersion.V2, prio, intervalSec * 100, ME);
    }

    List<VrrpAction> record(List<VrrpAction> actions) {
        for (VrrpAction a : actions) {
            log.add(new Timed(now, a));
        }
        return actions;
    }

    List<VrrpAction> start() {
        return record(machine.start(now));
    }

    /** Advances time to {@code until}, firing every deadline on the way at its exact time. */
    void runUntil(long until) {
        int guard = 0;
        while (machine.nextDeadline() - until <= 0 && guard++ < 1_000_000) {
            now = Math.max(now, machine.nextDeadline());
            record(machine.poll(now));
        }
        now = until;
    }

    void advance(long nanos) {
        runUntil(now + nanos);
    }

    List<VrrpAction> advert(int prio, int intervalCs, InetAddress from) {
        VrrpAdvertisement a = machine.settings().version() == VrrpVersion.V3
                ? VrrpAdvertisement.v3(51, prio, intervalCs, VIPS)
                : new VrrpAdvertisement(VrrpVersion.V2, 51, prio, intervalCs, dev.fulcrum.vrrp.wire.AuthType.NONE, "", VIPS);
        return record(machine.onAdvert(new ReceivedAdvert(a, from), now));
    }

    /** A peer advertising every {@code period} for {@code duration}, starting now. */
    void peerAdvertises(int prio, int intervalCs, InetAddress from, long period, long duration) {
        long end = now + duration;
        while (now - end < 0) {
            advert(prio, intervalCs, from);
            runUntil(Math.min(end, now + period));
        }
    }

    /** Time of the first transition into {@code state}, or -1. */
    long firstEntry(VrrpState state) {
        return log.stream().filter(t -> t.action() instanceof VrrpAction.Transition tr && tr.to() == state)
                .mapToLong(Timed::at).findFirst().orElse(-1);
    }

    List<VrrpAction.Transition> transitions() {
        return log.stream().map(Timed::action).filter(a -> a instanceof VrrpAction.Transition)
                .map(a -> (VrrpAction.Transition) a).toList();
    }

    long count(Class<? extends VrrpAction> type) {
        return log.stream().filter(t -> type.isInstance(t.action())).count();
    }

    long countSince(Class<? extends VrrpAction> type, long since) {
        return log.stream().filter(t -> t.at() >= since && type.isInstance(t.action())).count();
    }
}

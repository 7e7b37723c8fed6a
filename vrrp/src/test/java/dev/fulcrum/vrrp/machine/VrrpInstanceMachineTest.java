package dev.fulcrum.vrrp.machine;

import static dev.fulcrum.vrrp.machine.SimulatedInstance.HIGHER_IP;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.LOWER_IP;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.MS;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.S;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.v2;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.v3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.vrrp.machine.VrrpAction.AddVips;
import dev.fulcrum.vrrp.machine.VrrpAction.RemoveVips;
import dev.fulcrum.vrrp.machine.VrrpAction.RunNotify;
import dev.fulcrum.vrrp.machine.VrrpAction.SendAdvert;
import dev.fulcrum.vrrp.machine.VrrpAction.SendGratuitous;
import dev.fulcrum.vrrp.machine.VrrpAction.Transition;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpInstanceMachineTest {

    @Test
    void timerFormulasMatchTheReferenceTable() {
        assertEquals(609_375_000L, SkewTime.nanos(VrrpVersion.V2, 100, 100));
        assertEquals(3_609_375_000L, MasterDownInterval.nanos(VrrpVersion.V2, 100, 100, 3));
        assertEquals(3_414_062_500L, MasterDownInterval.nanos(VrrpVersion.V3, 150, 100, 3));
        assertEquals(9_609_375_000L, MasterDownInterval.nanos(VrrpVersion.V2, 100, 300, 3)); // v2 skew not scaled
        assertEquals(10_828_125_000L, MasterDownInterval.nanos(VrrpVersion.V3, 100, 300, 3));
        assertEquals(360_937_500L, MasterDownInterval.nanos(VrrpVersion.V3, 100, 10, 3));
        assertEquals(3_007_812_500L, MasterDownInterval.nanos(VrrpVersion.V2, 254, 100, 3));
    }

    @Test
    void startsAsBackupAfterRemovingStaleVipsThenTakesOverAfterMasterDownInterval() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        long t0 = sim.now;
        assertEquals(List.of(new RemoveVips()), sim.machine.cleanup());
        List<VrrpAction> first = sim.start();
        assertEquals(new Transition(VrrpState.INIT, VrrpState.BACKUP, "(init)"), first.get(0));
        sim.runUntil(t0 + 3_609_375_000L - 1);
        assertEquals(VrrpState.BACKUP, sim.machine.state());
        sim.advance(1);
        assertEquals(VrrpState.MASTER, sim.machine.state());
        assertEquals(t0 + 3_609_375_000L, sim.firstEntry(VrrpState.MASTER));
        // order on takeover: transition, advert first, then VIPs, GARPs, notify
        List<VrrpAction> takeover = sim.log.stream().filter(t -> t.at() == sim.now).map(SimulatedInstance.Timed::action).toList();
        assertInstanceOf(Transition.class, takeover.get(0));
        assertEquals(new SendAdvert(100, 100), takeover.get(1));
        assertInstanceOf(AddVips.class, takeover.get(2));
        assertEquals(new SendGratuitous(5), takeover.get(3));
        assertEquals(new RunNotify(VrrpState.MASTER, 100), takeover.get(4));
    }

    @Test
    void stateMasterIsNotMasterAtStartUnlessOwner() {
        SimulatedInstance plain = new SimulatedInstance(v3(150, 100).withStartAsMaster(true));
        plain.start();
        assertEquals(VrrpState.BACKUP, plain.machine.state());
        SimulatedInstance owner = new SimulatedInstance(v3(255, 100).withStartAsMaster(true));
        owner.start();
        assertEquals(VrrpState.MASTER, owner.machine.state());
        assertEquals(1, owner.count(SendAdvert.class));
    }

    @Test
    void masterAdvertisesEveryIntervalWithoutDrift() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 2));
        sim.start();
        sim.advance(1 * S);
        long since = sim.firstEntry(VrrpState.MASTER);
        sim.runUntil(since + 10 * S);
        // one at takeover plus one every 20 ms
        assertEquals(501, sim.countSince(SendAdvert.class, since));
    }

    @Test
    void backupStaysBackupWhileHigherOrEqualPriorityMasterAdvertises() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        sim.start();
        sim.peerAdvertises(150, 100, HIGHER_IP, 1 * S, 60 * S);
        sim.peerAdvertises(100, 100, LOWER_IP, 1 * S, 30 * S);
        assertEquals(List.of(new Transition(VrrpState.INIT, VrrpState.BACKUP, "(init)")), sim.transitions());
        assertEquals(LOWER_IP, sim.machine.masterAddress());
    }

    @Test
    void masterDeathIsDetectedAfterMasterDownIntervalFromLastAdvert() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        sim.start();
        sim.peerAdvertises(150, 100, HIGHER_IP, 1 * S, 5 * S);
        long last = sim.now - 1 * S; // the last advert was sent one period ago
        sim.advance(10 * S);
        assertEquals(last + 3_609_375_000L, sim.firstEntry(VrrpState.MASTER));
    }

    @Test
    void priorityZeroAdvertMakesBackupTakeOverAfterSkewTime() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        sim.start();
        sim.peerAdvertises(150, 100, HIGHER_IP, 1 * S, 3 * S);
        long t = sim.now;
        sim.advert(0, 100, HIGHER_IP);
        sim.advance(2 * S);
        assertEquals(t + 609_375_000L, sim.firstEntry(VrrpState.MASTER));
        // at 0.1 s adverts: 61 ms
        SimulatedInstance fast = new SimulatedInstance(v3(100, 10));
        fast.start();
        fast.peerAdvertises(150, 10, HIGHER_IP, 100 * MS, 1 * S);
        long t2 = fast.now;
        fast.advert(0, 10, HIGHER_IP);
        fast.advance(1 * S);
        assertEquals(t2 + 60_937_500L, fast.firstEntry(VrrpState.MASTER));
    }

    @Test
    void preemptionWaitsForOwnTimerThenTakesOverFromLowerPriorityMaster() {
        SimulatedInstance sim = new SimulatedInstance(v3(150, 100));
        long t0 = sim.now;
        sim.start();
        sim.peerAdvertises(100, 100, HIGHER_IP, 1 * S, 10 * S);
        assertEquals(t0 + 3_414_062_500L, sim.firstEntry(VrrpState.MASTER)); // not on the first lower advert
    }

    @Test
    void nopreemptNeverPreemptsALowerPriorityMaster() {
        SimulatedInstance sim = new SimulatedInstance(v3(150, 100).withNopreempt(true));
        sim.start();
        sim.peerAdvertises(100, 100, HIGHER_IP, 1 * S, 60 * S);
        assertEquals(-1, sim.firstEntry(VrrpState.MASTER));
        sim.advance(10 * S); // the master goes quiet: we do take over then
        assertEquals(VrrpState.MASTER, sim.machine.state());
    }

    @Test
    void preemptDelayPostponesPreemption() {
        SimulatedInstance sim = new SimulatedInstance(v3(128, 100).withPreemptDelay(2 * S));
        long t0 = sim.now;
        sim.start();
        sim.peerAdvertises(100, 100, HIGHER_IP, 1 * S, 20 * S);
        long at = sim.firstEntry(VrrpState.MASTER) - t0;
        // accepted until start + 2 s (the advert at t0+2s is the last accepted), then MDI ≈ 3.5 s
        assertEquals(2 * S + MasterDownInterval.nanos(VrrpVersion.V3, 128, 100, 3), at);
    }

    @Test
    void downTimerAdvertsReplacesFactorThree() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100).withDownTimerAdverts(5));
        long t0 = sim.now;
        sim.start();
        sim.advance(20 * S);
        assertEquals(t0 + 5 * S + 609_375_000L, sim.firstEntry(VrrpState.MASTER));
    }

    @Test
    void v3BackupAdoptsMasterIntervalAndRevertsWhenMaster() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        sim.start();
        sim.peerAdvertises(200, 200, HIGHER_IP, 2 * S, 10 * S);
        assertEquals(200, sim.machine.masterAdverIntervalCentis());
        long last = sim.now - 2 * S;
        sim.advance(20 * S);
        assertEquals(last + 6 * S + 1_218_750_000L, sim.firstEntry(VrrpState.MASTER));
        assertEquals(100, sim.machine.masterAdverIntervalCentis());
        SimulatedInstance.Timed firstAdvert = sim.log.stream().filter(t -> t.action() instanceof SendAdvert).findFirst().orElseThrow();
        assertEquals(new SendAdvert(100, 100), firstAdvert.action());
    }

    @Test
    void v2TimersAreNotScaledByInterval() {
        SimulatedInstance sim = new SimulatedInstance(v2(100, 3));
        long t0 = sim.now;
        sim.start();
        sim.advance(20 * S);
        assertEquals(t0 + 9_609_375_000L, sim.firstEntry(VrrpState.MASTER));
    }

    SimulatedInstance master(ElectionSettings s) {
        SimulatedInstance sim = new SimulatedInstance(s);
        sim.start();
        sim.advance(5 * S);
        assertEquals(VrrpState.MASTER, sim.machine.state());
        return sim;
    }

    @Test
    void masterYieldsToHigherPriorityAndRemovesVips() {
        SimulatedInstance sim = master(v3(100, 100));
        List<VrrpAction> out = sim.advert(150, 100, LOWER_IP);
        assertEquals(VrrpState.BACKUP, sim.machine.state());
        assertInstanceOf(Transition.class, out.get(0));
        assertInstanceOf(RemoveVips.class, out.get(1));
        assertTrue(out.stream().noneMatch(a -> a instanceof SendAdvert));
        SimulatedInstance loud = master(v3(100, 100).withHigherPrioSendAdvert(true));
        List<VrrpAction> out2 = loud.advert(150, 100, LOWER_IP);
        assertEquals(new SendAdvert(100, 100), out2.get(0));
    }

    @Test
    void equalPriorityTieBreakOnPrimaryAddress() {
        SimulatedInstance sim = master(v3(100, 100));
        sim.advert(100, 100, LOWER_IP);
        assertEquals(VrrpState.MASTER, sim.machine.state());
        sim.advert(100, 100, HIGHER_IP);
        assertEquals(VrrpState.BACKUP, sim.machine.state());
    }

    @Test
    void masterAnswersLowerPriorityWithAdvertButGarpsOncePerEpisode() {
        SimulatedInstance sim = master(v3(150, 100));
        sim.advance(5 * S); // past the takeover's second burst
        long since = sim.now;
        sim.peerAdvertises(100, 100, LOWER_IP, 1 * S, 10 * S);
        assertEquals(VrrpState.MASTER, sim.machine.state());
        // 10 scheduled adverts + 10 immediate answers
        assertEquals(20, sim.countSince(SendAdvert.class, since));
        // one immediate burst + its delayed repeat, not one per advert
        assertEquals(2, sim.countSince(SendGratuitous.class, since));
        SimulatedInstance quiet = master(v3(150, 100).withLowerPrioNoAdvert(true));
        quiet.advance(5 * S);
        long s2 = quiet.now;
        quiet.peerAdvertises(100, 100, LOWER_IP, 1 * S, 10 * S);
        assertEquals(10, quiet.countSince(SendAdvert.class, s2));
        assertEquals(0, quiet.countSince(SendGratuitous.class, s2));
    }

    @Test
    void masterAnswersPriorityZeroAtOnce() {
        SimulatedInstance sim = master(v3(150, 100));
        sim.advance(300 * MS);
        assertEquals(List.of(new SendAdvert(150, 100)), sim.advert(0, 100, LOWER_IP));
        assertEquals(sim.now + 1 * S, sim.machine.nextDeadline());
    }

    @Test
    void garpsFollowKeepalivedDefaults() {
        SimulatedInstance sim = master(v3(100, 100));
        long m = sim.firstEntry(VrrpState.MASTER);
        sim.advance(20 * S);
        List<SimulatedInstance.Timed> garps = sim.log.stream().filter(t -> t.action() instanceof SendGratuitous).toList();
        assertEquals(2, garps.size());
        assertEquals(m, garps.get(0).at());
        assertEquals(m + 5 * S, garps.get(1).at());
        SimulatedInstance spaced = master(v3(100, 100).withGarp(new GarpPolicy(2 * S, 3, 4 * S, 1, 10 * MS, 0, 0)));
        long m2 = spaced.firstEntry(VrrpState.MASTER);
        spaced.advance(7 * S);
        List<Long> at = spaced.log.stream().filter(t -> t.action() instanceof SendGratuitous).map(t -> t.at() - m2).toList();
        assertEquals(List.of(0L, 10 * MS, 20 * MS, 2 * S, 2 * S + 10 * MS, 2 * S + 20 * MS, 4 * S, 8 * S), at);
    }

    @Test
    void shutdownOfMasterSendsPriorityZeroAndRemovesVips() {
        SimulatedInstance sim = master(v3(100, 100));
        List<VrrpAction> out = sim.record(sim.machine.shutdown(sim.now));
        assertEquals(new Transition(VrrpState.MASTER, VrrpState.STOP, "Stopping"), out.get(0));
        assertEquals(new SendAdvert(0, 100), out.get(1));
        assertInstanceOf(RemoveVips.class, out.get(2));
        assertEquals(Long.MAX_VALUE, sim.machine.nextDeadline());
        SimulatedInstance backup = new SimulatedInstance(v3(100, 100));
        backup.start();
        List<VrrpAction> quiet = backup.machine.shutdown(backup.now);
        assertTrue(quiet.stream().noneMatch(a -> a instanceof SendAdvert));
    }

    @Test
    void weightedTrackersMovePriorityClamped() {
        SimulatedInstance sim = master(v3(150, 100));
        sim.record(sim.machine.onTrackers(new TrackVerdict(-60, false, ""), sim.now));
        assertEquals(90, sim.machine.effectivePriority());
        sim.advance(1 * S);
        assertEquals(new SendAdvert(90, 100), sim.log.get(sim.log.size() - 1).action());
        sim.advert(100, 100, LOWER_IP);
        assertEquals(VrrpState.BACKUP, sim.machine.state());
        sim.machine.onTrackers(new TrackVerdict(200, false, ""), sim.now);
        assertEquals(254, sim.machine.effectivePriority());
        sim.machine.onTrackers(new TrackVerdict(-200, false, ""), sim.now);
        assertEquals(1, sim.machine.effectivePriority());
        SimulatedInstance owner = master(v3(255, 100));
        owner.machine.onTrackers(new TrackVerdict(-100, false, ""), owner.now);
        assertEquals(255, owner.machine.effectivePriority());
    }

    @Test
    void priorityChangeWhileBackupShiftsDownTimerBySkewDifference() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        sim.start();
        long before = sim.machine.nextDeadline();
        sim.machine.onTrackers(new TrackVerdict(50, false, ""), sim.now);
        long skew100 = SkewTime.nanos(VrrpVersion.V3, 100, 100);
        long skew150 = SkewTime.nanos(VrrpVersion.V3, 150, 100);
        assertEquals(before - (skew100 - skew150), sim.machine.nextDeadline());
    }

    @Test
    void faultFromMasterResignsAndRecoveryWaitsFullInterval() {
        SimulatedInstance sim = master(v3(150, 100));
        List<VrrpAction> out = sim.record(sim.machine.onTrackers(new TrackVerdict(0, true, "eth0 down"), sim.now));
        assertEquals(new Transition(VrrpState.MASTER, VrrpState.FAULT, "entering FAULT state (eth0 down)"), out.get(0));
        assertEquals(new SendAdvert(0, 100), out.get(1));
        assertInstanceOf(RemoveVips.class, out.get(2));
        assertEquals(new RunNotify(VrrpState.FAULT, 150), out.get(3));
        sim.advance(30 * S);
        assertEquals(VrrpState.FAULT, sim.machine.state());
        sim.advert(100, 100, LOWER_IP); // ignored in FAULT
        long t = sim.now;
        sim.record(sim.machine.onTrackers(TrackVerdict.HEALTHY, sim.now));
        assertEquals(VrrpState.BACKUP, sim.machine.state());
        sim.advance(10 * S);
        assertEquals(t + 3_414_062_500L, sim.log.stream().filter(x -> x.action() instanceof Transition tr
                && tr.to() == VrrpState.MASTER && x.at() > t).findFirst().orElseThrow().at());
    }

    @Test
    void faultAtStartup() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        sim.machine.onTrackers(new TrackVerdict(0, true, "chk failed"), sim.now);
        sim.start();
        assertEquals(VrrpState.FAULT, sim.machine.state());
        sim.advance(10 * S);
        assertEquals(VrrpState.FAULT, sim.machine.state());
    }

    @Test
    void adminTakeoverAndResign() {
        SimulatedInstance sim = new SimulatedInstance(v3(100, 100));
        sim.start();
        sim.peerAdvertises(150, 100, HIGHER_IP, 1 * S, 3 * S);
        sim.record(sim.machine.admin(AdminCommand.TAKEOVER, sim.now));
        assertEquals(VrrpState.MASTER, sim.machine.state());
        assertEquals(254, sim.machine.effectivePriority());
        sim.advert(150, 100, HIGHER_IP); // the old master is lower now: we stay
        assertEquals(VrrpState.MASTER, sim.machine.state());
        List<VrrpAction> out = sim.record(sim.machine.admin(AdminCommand.RESIGN, sim.now));
        assertEquals(VrrpState.BACKUP, sim.machine.state());
        assertTrue(out.contains(new SendAdvert(0, 100)));
        assertEquals(1, sim.machine.effectivePriority());
        sim.peerAdvertises(150, 100, HIGHER_IP, 1 * S, 10 * S);
        assertEquals(VrrpState.BACKUP, sim.machine.state());
        sim.machine.admin(AdminCommand.RELEASE, sim.now);
        assertEquals(100, sim.machine.effectivePriority());
    }
}

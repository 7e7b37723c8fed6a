package dev.fulcrum.vrrp.machine;

import static dev.fulcrum.vrrp.machine.SimulatedInstance.HIGHER_IP;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.ME;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.S;
import static dev.fulcrum.vrrp.machine.SimulatedInstance.VIPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.vrrp.wire.ReceivedAdvert;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncGroupMachineTest {
    long now = 500 * S;
    final List<MemberAction> log = new ArrayList<>();
    VrrpInstanceMachine web = new VrrpInstanceMachine(ElectionSettings.defaults("VI_WEB", VrrpVersion.V3, 100, 100, ME));
    VrrpInstanceMachine db = new VrrpInstanceMachine(ElectionSettings.defaults("VI_DB", VrrpVersion.V3, 200, 100, ME));
    SyncGroupMachine group = new SyncGroupMachine("SG", List.of(web, db));

    void runUntil(long until) {
        for (int i = 0; i < 100_000 && group.nextDeadline() - until <= 0; i++) {
            now = Math.max(now, group.nextDeadline());
            log.addAll(group.poll(now));
        }
        now = until;
    }

    ReceivedAdvert advert(int prio) {
        return new ReceivedAdvert(VrrpAdvertisement.v3(51, prio, 100, VIPS), HIGHER_IP);
    }

    @Test
    void groupGoesMasterOnlyWhenEveryMemberWantsIt() {
        long t0 = now;
        log.addAll(group.start(now));
        // VI_DB's timer (prio 200) expires first; it must wait for VI_WEB's (prio 100)
        runUntil(t0 + 3_300_000_000L);
        assertEquals(VrrpState.BACKUP, db.state());
        assertTrue(db.wantsMaster());
        runUntil(t0 + 3_609_375_000L);
        assertEquals(VrrpState.MASTER, web.state());
        assertEquals(VrrpState.MASTER, db.state());
    }

    @Test
    void memberHearingAMasterHoldsTheWholeGroupInBackup() {
        log.addAll(group.start(now));
        for (int i = 0; i < 20; i++) {
            log.addAll(group.onAdvert("VI_WEB", advert(150), now));
            runUntil(now + 1 * S);
        }
        assertEquals(VrrpState.BACKUP, web.state());
        assertEquals(VrrpState.BACKUP, db.state()); // its own peer is silent, but the group holds it
    }

    @Test
    void memberYieldingDragsTheOthersToBackup() {
        log.addAll(group.start(now));
        runUntil(now + 5 * S);
        assertEquals(VrrpState.MASTER, db.state());
        List<MemberAction> out = group.onAdvert("VI_WEB", advert(150), now);
        assertEquals(VrrpState.BACKUP, web.state());
        assertEquals(VrrpState.BACKUP, db.state());
        assertTrue(out.contains(new MemberAction("VI_DB", new VrrpAction.RemoveVips())));
    }

    @Test
    void memberFaultFaultsTheGroupAndRecoveryReturnsToBackup() {
        log.addAll(group.start(now));
        runUntil(now + 5 * S);
        List<MemberAction> out = group.onMemberTrackers("VI_DB", new TrackVerdict(0, true, "eth1 down"), now);
        assertEquals(VrrpState.FAULT, web.state());
        assertEquals(VrrpState.FAULT, db.state());
        assertTrue(out.contains(new MemberAction("VI_WEB", new VrrpAction.SendAdvert(0, 100))));
        group.onMemberTrackers("VI_DB", TrackVerdict.HEALTHY, now);
        assertEquals(VrrpState.BACKUP, web.state());
        assertEquals(VrrpState.BACKUP, db.state());
    }

    @Test
    void weightsBelongToTheGroup() {
        group.start(now);
        group.onMemberTrackers("VI_WEB", new TrackVerdict(-50, false, ""), now);
        assertEquals(100, web.effectivePriority()); // member weights are dropped, as keepalived does
        group.onGroupTrackers(new TrackVerdict(-50, false, ""), now);
        assertEquals(50, web.effectivePriority());
        assertEquals(150, db.effectivePriority());
    }

    @Test
    void soloInstanceKeepsItsOwnWeights() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(ElectionSettings.defaults("VI_1", VrrpVersion.V3, 100, 100, ME));
        SyncGroupMachine solo = SyncGroupMachine.solo(m);
        solo.start(now);
        solo.onMemberTrackers("VI_1", new TrackVerdict(-30, false, ""), now);
        assertEquals(70, m.effectivePriority());
    }
}

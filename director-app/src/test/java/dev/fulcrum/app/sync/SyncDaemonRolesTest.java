package dev.fulcrum.app.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.app.sync.SyncDaemonRoles.Start;
import dev.fulcrum.app.sync.SyncDaemonRoles.Step;
import dev.fulcrum.app.sync.SyncDaemonRoles.Stop;
import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.SyncDaemon.Role;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SyncDaemonRolesTest {
    static LvsSyncDaemon cfg(Optional<String> instance) throws Exception {
        return new LvsSyncDaemon("eth0", instance, 51, OptionalInt.empty(), 8848, OptionalInt.empty(), InetAddress.getByName("224.0.0.81"));
    }

    static SyncDaemon kernel(Role r) throws Exception {
        return new SyncDaemon(r, "eth0", 51, 1472, Optional.of(InetAddress.getByName("224.0.0.81")), 8848, 1);
    }

    @Test
    void boundToAMasterInstanceStartsTheMasterRole() throws Exception {
        List<Step> s = SyncDaemonRoles.plan(Optional.of(cfg(Optional.of("VI_1"))), true, List.of());
        assertEquals(1, s.size());
        assertEquals(Role.MASTER, ((Start) s.get(0)).daemon().role());
        assertEquals(51, ((Start) s.get(0)).daemon().syncId());
    }

    @Test
    void leavingMasterStopsMasterBeforeStartingBackup() throws Exception {
        List<Step> s = SyncDaemonRoles.plan(Optional.of(cfg(Optional.of("VI_1"))), false, List.of(kernel(Role.MASTER)));
        assertEquals(2, s.size());
        assertEquals(new Stop(Role.MASTER), s.get(0));
        assertEquals(Role.BACKUP, ((Start) s.get(1)).daemon().role());
    }

    @Test
    void aRunningRoleThatMatchesIsLeftAlone() throws Exception {
        assertTrue(SyncDaemonRoles.plan(Optional.of(cfg(Optional.of("VI_1"))), true, List.of(kernel(Role.MASTER))).isEmpty());
    }

    @Test
    void withoutAnInstanceBothRolesRun() throws Exception {
        List<Step> s = SyncDaemonRoles.plan(Optional.of(cfg(Optional.empty())), false, List.of(kernel(Role.BACKUP)));
        assertEquals(List.of(Role.MASTER), s.stream().map(x -> ((Start) x).daemon().role()).toList());
    }

    @Test
    void changedParametersRestartTheRole() throws Exception {
        SyncDaemon other = new SyncDaemon(Role.MASTER, "eth1", 51, 1472, Optional.empty(), 8848, 1);
        List<Step> s = SyncDaemonRoles.plan(Optional.of(cfg(Optional.of("VI_1"))), true, List.of(other));
        assertEquals(new Stop(Role.MASTER), s.get(0));
        assertEquals("eth0", ((Start) s.get(1)).daemon().interfaceName());
    }

    @Test
    void removingTheKeywordStopsEverything() throws Exception {
        List<Step> s = SyncDaemonRoles.plan(Optional.empty(), true, List.of(kernel(Role.MASTER), kernel(Role.BACKUP)));
        assertEquals(List.of(new Stop(Role.MASTER), new Stop(Role.BACKUP)), s);
    }
}

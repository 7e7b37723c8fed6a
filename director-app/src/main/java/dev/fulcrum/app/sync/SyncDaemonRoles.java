package dev.fulcrum.app.sync;

import dev.fulcrum.conf.model.LvsSyncDaemon;
import dev.fulcrum.ipvs.model.SyncDaemon;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which kernel sync-daemon roles should run, and the stop/start steps that get there from what runs now
 * (keepalived's rules): bound to a VRRP instance, MASTER runs the master role and anything else the
 * backup role; unbound, both roles run. Stops come before starts, so the kernel never holds a stale role
 * while the new one starts.
 */
public final class SyncDaemonRoles {
    private SyncDaemonRoles() {
    }

    /** A step for the kernel. */
    public sealed interface Step permits Start, Stop {
    }

    public record Start(SyncDaemon daemon) implements Step {
    }

    public record Stop(SyncDaemon.Role role) implements Step {
    }

    /**
     * @param config the configured daemon, empty when {@code lvs_sync_daemon} is absent (then every role stops)
     * @param instanceIsMaster the bound instance's state; ignored when the config names no instance
     * @param running what the kernel runs now
     */
    public static List<Step> plan(Optional<LvsSyncDaemon> config, boolean instanceIsMaster, List<SyncDaemon> running) {
        Set<SyncDaemon.Role> wanted = EnumSet.noneOf(SyncDaemon.Role.class);
        if (config.isPresent()) {
            if (config.get().instance().isEmpty()) {
                wanted.add(SyncDaemon.Role.MASTER);
                wanted.add(SyncDaemon.Role.BACKUP);
            } else {
                wanted.add(instanceIsMaster ? SyncDaemon.Role.MASTER : SyncDaemon.Role.BACKUP);
            }
        }
        List<Step> steps = new ArrayList<>();
        List<SyncDaemon.Role> keep = new ArrayList<>();
        for (SyncDaemon d : running) {
            boolean same = config.isPresent() && wanted.contains(d.role()) && matches(d, toKernel(d.role(), config.get()));
            if (same) {
                keep.add(d.role());
            } else {
                steps.add(new Stop(d.role()));
            }
        }
        for (SyncDaemon.Role r : wanted) {
            if (!keep.contains(r)) {
                steps.add(new Start(toKernel(r, config.get())));
            }
        }
        return steps;
    }

    /** The kernel daemon for a role, from the configuration (0 = kernel default where the keyword is absent). */
    public static SyncDaemon toKernel(SyncDaemon.Role role, LvsSyncDaemon c) {
        Optional<java.net.InetAddress> group = Optional.ofNullable(c.group());
        return new SyncDaemon(role, c.interfaceName(), c.syncId(), c.maxLen().orElse(0), group, c.port(), c.ttl().orElse(0));
    }

    /** The kernel reports defaults filled in; compare only what the configuration decides. */
    static boolean matches(SyncDaemon running, SyncDaemon wanted) {
        return running.role() == wanted.role() && running.interfaceName().equals(wanted.interfaceName())
                && running.syncId() == wanted.syncId()
                && (wanted.port() == 0 || running.port() == wanted.port())
                && (wanted.maxLength() == 0 || running.maxLength() == wanted.maxLength())
                && (wanted.ttl() == 0 || running.ttl() == wanted.ttl())
                && (wanted.group().isEmpty() || running.group().equals(wanted.group()));
    }
}

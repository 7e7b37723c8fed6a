package dev.fulcrum.app.daemon;

import dev.fulcrum.app.sync.SyncDaemonRoles;
import dev.fulcrum.conf.model.LvsFlushOnStop;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.Timeouts;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import java.util.List;

/** The kernel side of the director: the reconciler, the sync daemons and the timeouts. */
public interface IpvsEdge extends AutoCloseable {
    /** Publishes the next desired table and asks for a pass soon. */
    void publish(DesiredTable table);

    void options(ReconcileOptions options);

    List<SyncDaemon> runningDaemons();

    void apply(List<SyncDaemonRoles.Step> steps);

    Timeouts timeouts();

    void timeouts(Timeouts t);

    /** Removes every owned service (SIGTERM). */
    void clearOwned();

    /**
     * SIGTERM with keepalived's {@code lvs_flush_on_stop}: {@code FLUSH} empties the whole table,
     * {@code VS} and {@code OFF} delete each owned service (its real servers go with it).
     */
    default void clearOwned(LvsFlushOnStop mode) {
        clearOwned();
    }

    @Override
    void close();
}

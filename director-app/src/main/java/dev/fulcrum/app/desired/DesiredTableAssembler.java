package dev.fulcrum.app.desired;

import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.ipvs.conf.RealServerState;
import dev.fulcrum.ipvs.conf.ServiceVerdict;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import java.util.Map;

/**
 * Builds the desired IPVS table: configuration ⊕ real-server health ⊕ quorum. Pure: the caller passes the
 * health it has collected and the quorum states of the last build, and gets the next table plus the
 * per-service verdicts (for status, metrics and quorum scripts). The director keeps a {@link ServiceMemo}
 * to build incrementally; a one-off build is a memo's first build, which evaluates every service.
 */
public final class DesiredTableAssembler {
    private DesiredTableAssembler() {
    }

    /** The outcome of one build. {@code verdicts} is keyed by the virtual server's display name. */
    public record Build(DesiredTable table, Map<String, ServiceVerdict> verdicts) {
    }

    /**
     * @param health real-server states per virtual server (display name), then per endpoint
     * @param quorum the quorum state per virtual server from the previous build (absent on the first)
     */
    public static Build build(KeepalivedConfig config, Map<String, Map<Endpoint, RealServerState>> health, Map<String, Boolean> quorum) {
        return build(config, ServiceIndex.of(config), health, quorum);
    }

    /** The same, with the names of {@code config}'s virtual servers made once by the caller. */
    public static Build build(KeepalivedConfig config, ServiceIndex index, Map<String, Map<Endpoint, RealServerState>> health,
                              Map<String, Boolean> quorum) {
        return new ServiceMemo().build(config, index, health, quorum);
    }
}

package dev.fulcrum.ipvs.conf;

import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.ipvs.model.ServiceKey;

/**
 * Whether a configured real server is currently healthy. The health checkers answer this in the
 * daemon; {@code fulcrum ipvs apply} uses {@link #ALL_HEALTHY}.
 */
@FunctionalInterface
public interface RealServerHealth {
    RealServerHealth ALL_HEALTHY = (service, rs) -> true;

    boolean healthy(ServiceKey service, RealServer realServer);
}

package dev.fulcrum.healthcheck.spec;

import java.util.List;

/** Everything the engine checks: the real servers of every virtual server, in configuration order. */
public record CheckPlan(List<RealServerSpec> servers) {
    public CheckPlan {
        servers = List.copyOf(servers);
    }

    public int checkerCount() {
        return servers.stream().mapToInt(s -> s.checkers().size()).sum();
    }
}

package dev.fulcrum.healthcheck.spec;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A real server as the health engine sees it: which virtual server it belongs to, its configured weight
 * and its checkers. The id is the keepalived spelling ({@code [10.0.0.11]:tcp:80}) so logs and events
 * can be matched against keepalived's; the virtual server id lets the director route events to the
 * right IPVS service without the engine knowing about IPVS.
 */
public record RealServerSpec(String virtualServer, String id, InetSocketAddress address, int weight,
                             List<CheckerSpec> checkers) {
    public RealServerSpec {
        Objects.requireNonNull(virtualServer, "virtualServer");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        checkers = List.copyOf(checkers);
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0: " + weight);
        }
    }

    /** The id keepalived logs for a TCP real server. */
    public static String keepalivedId(InetSocketAddress a, String protocol) {
        String host = a.getAddress().getHostAddress();
        return "[" + host + "]:" + protocol.toLowerCase(java.util.Locale.ROOT) + ":" + a.getPort();
    }
}

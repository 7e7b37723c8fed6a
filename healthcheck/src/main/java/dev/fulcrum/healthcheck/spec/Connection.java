package dev.fulcrum.healthcheck.spec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a network checker connects and from where: the common connection keywords (connect_ip,
 * connect_port, bindto, bind_port, fwmark) already defaulted to the real server's address and port.
 * Kept apart from the checker-specific options because every network checker shares it.
 *
 * @param target    connect_ip:connect_port (defaults: the real server's address and port)
 * @param bindTo    bindto, the local source address
 * @param bindPort  bind_port, the local source port (0: any)
 * @param fwmark    fwmark set with SO_MARK on the checker's packets (0: none)
 */
public record Connection(InetSocketAddress target, Optional<InetAddress> bindTo, int bindPort, int fwmark) {
    public Connection {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(bindTo, "bindTo");
        if (bindPort < 0 || bindPort > 65535) {
            throw new IllegalArgumentException("bind_port out of range: " + bindPort);
        }
    }

    public static Connection to(InetSocketAddress target) {
        return new Connection(target, Optional.empty(), 0, 0);
    }

    /** The local address to bind, or empty when neither bindto nor bind_port is set. */
    public Optional<InetSocketAddress> localAddress() {
        if (bindTo.isEmpty() && bindPort == 0) {
            return Optional.empty();
        }
        return Optional.of(bindTo.map(a -> new InetSocketAddress(a, bindPort)).orElseGet(() -> new InetSocketAddress(bindPort)));
    }
}

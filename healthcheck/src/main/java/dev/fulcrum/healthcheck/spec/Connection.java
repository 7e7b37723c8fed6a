package dev.fulcrum.healthcheck.spec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a network checker connects and from where: the common connection keywords (connect_ip,
 * connect_port, bindto, bind_port, fwmark, bind_if) already defaulted to the real server's address and port.
 * Kept apart from the checker-specific options because every network checker shares it.
 *
 * @param target    connect_ip:connect_port (defaults: the real server's address and port)
 * @param bindTo    bindto, the local source address
 * @param bindPort  bind_port, the local source port (0: any)
 * @param fwmark    fwmark set with SO_MARK on the checker's packets (0: none)
 * @param bindIf    bind_if, the interface the checker's socket is bound to (SO_BINDTODEVICE): needed for
 *                  an IPv6 link-local bindto, and it keeps checks on one interface whatever the routes say
 */
public record Connection(InetSocketAddress target, Optional<InetAddress> bindTo, int bindPort, int fwmark, Optional<String> bindIf) {
    /** Linux IFNAMSIZ less the terminating NUL. */
    public static final int MAX_IFNAME = 15;

    public Connection {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(bindTo, "bindTo");
        Objects.requireNonNull(bindIf, "bindIf");
        if (bindPort < 0 || bindPort > 65535) {
            throw new IllegalArgumentException("bind_port out of range: " + bindPort);
        }
        bindIf.ifPresent(n -> {
            if (n.isEmpty() || n.length() > MAX_IFNAME || n.contains("/") || n.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("bind_if is not an interface name: " + n);
            }
        });
    }

    /** A connection without bind_if. */
    public Connection(InetSocketAddress target, Optional<InetAddress> bindTo, int bindPort, int fwmark) {
        this(target, bindTo, bindPort, fwmark, Optional.empty());
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

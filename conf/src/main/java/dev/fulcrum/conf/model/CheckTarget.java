package dev.fulcrum.conf.model;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a checker connects and from where, resolved: {@code connect_ip}/{@code connect_port} default to
 * the real server's address and port.
 *
 * @param bindPort 0 = any
 * @param fwmark SO_MARK for the checker's packets
 */
public record CheckTarget(InetAddress connectIp, int connectPort, Optional<InetAddress> bindTo,
                          Optional<String> bindIf, int bindPort, OptionalLong fwmark) {
    public Endpoint endpoint() {
        return new Endpoint(connectIp, connectPort);
    }
}

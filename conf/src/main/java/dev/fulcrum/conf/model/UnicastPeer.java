package dev.fulcrum.conf.model;

import java.net.InetAddress;
import java.util.OptionalInt;

/** A unicast VRRP peer with its optional accepted TTL window (checked with check_unicast_src). */
public record UnicastPeer(InetAddress address, OptionalInt minTtl, OptionalInt maxTtl) {
    public static UnicastPeer of(InetAddress address) {
        return new UnicastPeer(address, OptionalInt.empty(), OptionalInt.empty());
    }
}

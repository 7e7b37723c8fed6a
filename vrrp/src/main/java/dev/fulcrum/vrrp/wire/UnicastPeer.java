package dev.fulcrum.vrrp.wire;

import java.net.InetAddress;

/**
 * A configured unicast peer with the TTL window keepalived's {@code min_ttl}/{@code max_ttl} allow: in
 * unicast mode the 255 rule cannot hold across routers, so the window replaces it.
 */
public record UnicastPeer(InetAddress address, int minTtl, int maxTtl) {
    public UnicastPeer {
        if (minTtl < 0 || maxTtl > 255 || minTtl > maxTtl) {
            throw new IllegalArgumentException("TTL window " + minTtl + ".." + maxTtl);
        }
    }

    public static UnicastPeer of(InetAddress address) {
        return new UnicastPeer(address, 0, 255);
    }
}

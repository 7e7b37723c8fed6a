package dev.fulcrum.ipvs.model;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A kernel connection-sync daemon: its role, interface and sync id, plus optional tuning (maximum
 * datagram payload, multicast group, base port, TTL; 0 / empty = kernel default).
 */
public record SyncDaemon(Role role, String interfaceName, int syncId, int maxLength, Optional<InetAddress> group,
                         int port, int ttl) {
    public enum Role {
        MASTER(1), BACKUP(2);

        private final int state;

        Role(int state) {
            this.state = state;
        }

        public int state() {
            return state;
        }

        public static Role ofState(int s) {
            return switch (s) {
                case 1 -> MASTER;
                case 2 -> BACKUP;
                default -> throw new IllegalArgumentException("sync daemon state " + s);
            };
        }
    }

    public static SyncDaemon of(Role role, String ifname, int syncId) {
        return new SyncDaemon(role, ifname, syncId, 0, Optional.empty(), 0, 0);
    }
}

package dev.fulcrum.conf.model;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The kernel connection-sync daemon ({@code lvs_sync_daemon}). {@code syncId} is already resolved: the
 * explicit {@code id}, else the VRID of the bound instance, else 0.
 *
 * @param instance the VRRP instance whose state decides master/backup role; empty = both roles always
 */
public record LvsSyncDaemon(String interfaceName, Optional<String> instance, int syncId, OptionalInt maxLen,
                            int port, OptionalInt ttl, InetAddress group) {
    public static final int DEFAULT_PORT = 8848;
}

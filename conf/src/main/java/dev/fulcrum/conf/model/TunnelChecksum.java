package dev.fulcrum.conf.model;

/** Checksum option of GUE/GRE tunnels; NOCSUM is the kernel default. */
public enum TunnelChecksum {
    NOCSUM, CSUM, REMCSUM
}

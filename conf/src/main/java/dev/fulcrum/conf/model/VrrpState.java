package dev.fulcrum.conf.model;

/** The configured initial state; only the address owner (priority 255) starts as MASTER at once. */
public enum VrrpState {
    MASTER, BACKUP
}

package dev.fulcrum.conf.model;

/** What to do with the IPVS table at shutdown ({@code lvs_flush_on_stop [VS]}). */
public enum LvsFlushOnStop {
    /** Delete each managed real server and service one by one (keepalived's default). */
    OFF,
    /** Flush the whole table. */
    FLUSH,
    /** Delete each managed service without deleting its real servers first. */
    VS
}

package dev.fulcrum.conf.model;

/** Encapsulation of a TUN destination (`lvs_method TUN type ...`); IPIP unless configured. */
public enum TunnelType {
    IPIP, GUE, GRE
}

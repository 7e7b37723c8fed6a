package dev.fulcrum.conf.model;

/** IPVS forwarding method; NAT is keepalived's default. */
public enum LvsMethod {
    NAT, DR, TUN
}

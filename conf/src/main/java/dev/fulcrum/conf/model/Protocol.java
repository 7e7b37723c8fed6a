package dev.fulcrum.conf.model;

/** Transport protocol of an IPVS service. keepalived defaults an address service without one to UDP. */
public enum Protocol {
    TCP, UDP, SCTP
}

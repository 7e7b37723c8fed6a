package dev.fulcrum.ipvs.model;

/** The connection timeouts (seconds) of IPVS; 0 in a SET means "leave unchanged". */
public record Timeouts(int tcp, int tcpFin, int udp) {
}

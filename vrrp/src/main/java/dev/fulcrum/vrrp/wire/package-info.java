/**
 * VRRP on the wire, as pure values: the advert record, the codec (bytes ⇄ record, checksums for v2, v3
 * over IPv4 with and without the pseudo-header, v3 over IPv6), the IPv4 header keepalived writes, and the
 * per-instance receive screen that applies RFC 3768/5798 §7.1 in order and names each rejection. Nothing
 * here throws on bad input or touches a socket, so it is tested byte for byte against captured keepalived
 * traffic.
 */
package dev.fulcrum.vrrp.wire;

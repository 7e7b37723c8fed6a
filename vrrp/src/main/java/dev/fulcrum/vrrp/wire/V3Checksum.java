package dev.fulcrum.vrrp.wire;

/**
 * The two ways VRRPv3-over-IPv4 checksums exist in the field. RFC 5798 is read by keepalived, FRR and
 * Wireshark as including the IPv4 pseudo-header; Cisco/Juniper (and keepalived's v3_checksum_as_v2) sum
 * the message alone. We send one form (configurable) and accept both, so a mixed network still elects.
 */
public enum V3Checksum {
    /** IPv4 pseudo-header {src, dst, 0, 112, length} + message: keepalived's default. */
    PSEUDO_HEADER,
    /** Message only, like VRRPv2. */
    AS_V2
}

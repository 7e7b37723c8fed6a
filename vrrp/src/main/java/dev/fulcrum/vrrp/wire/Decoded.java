package dev.fulcrum.vrrp.wire;

/**
 * A structurally valid advert and the checksum form it matched, so counters can show how many peers
 * use the v2-style VRRPv3 checksum.
 */
public record Decoded(VrrpAdvertisement advert, ChecksumForm checksumForm) implements DecodeResult {

    /** Which checksum rule the received message satisfied. */
    public enum ChecksumForm { V2_MESSAGE, V3_PSEUDO_HEADER, V3_AS_V2, V6_PSEUDO_HEADER }
}

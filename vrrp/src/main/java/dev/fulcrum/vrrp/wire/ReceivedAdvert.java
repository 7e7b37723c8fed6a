package dev.fulcrum.vrrp.wire;

import java.net.InetAddress;

/**
 * An advert together with the IP source it came from: the source is what the RFC tie-break and the
 * split-brain log line are about.
 */
public record ReceivedAdvert(VrrpAdvertisement advert, InetAddress source) {
}

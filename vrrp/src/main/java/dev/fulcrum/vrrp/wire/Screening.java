package dev.fulcrum.vrrp.wire;

/** The outcome of screening a received datagram for one instance: accepted, or one typed rejection. */
public sealed interface Screening permits Screening.Accepted, Rejection {

    /** An advert that passed every receive check, with the peer that sent it. */
    record Accepted(ReceivedAdvert received, Decoded.ChecksumForm checksumForm) implements Screening {
    }
}

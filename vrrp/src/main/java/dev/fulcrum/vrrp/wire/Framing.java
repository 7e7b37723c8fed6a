package dev.fulcrum.vrrp.wire;

/** What unwrapping the IP layer yields: a datagram to decode, or why the IP header is unusable. */
public sealed interface Framing permits ReceivedDatagram, Rejection {
}

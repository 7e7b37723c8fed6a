package dev.fulcrum.vrrp.wire;

/** What the codec makes of a byte sequence: an advert, or the first reason it is not one. */
public sealed interface DecodeResult permits Decoded, Rejection {
}

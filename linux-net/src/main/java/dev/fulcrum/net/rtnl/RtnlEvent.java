package dev.fulcrum.net.rtnl;

/** A change the kernel announced on the rtnetlink multicast groups. */
public sealed interface RtnlEvent {
    /** A link appeared, changed state, or ({@code removed}) disappeared. */
    record LinkChanged(Link link, boolean removed) implements RtnlEvent {
    }

    /** An address was added or ({@code removed}) deleted. */
    record AddressChanged(InterfaceAddress address, boolean removed) implements RtnlEvent {
    }

    /** The kernel dropped events (ENOBUFS): the subscriber must re-read the state it tracks. */
    record Overflow() implements RtnlEvent {
    }
}

package dev.fulcrum.vrrp.machine;

/**
 * What the pure machine asks the edges to do. The machine never touches a socket or the clock; the
 * runner executes these in list order (the order is part of the contract: advert before VIPs before
 * gratuitous ARP, as keepalived does it).
 */
public sealed interface VrrpAction {

    /** Send one advert with this priority (0 = resign) and interval. */
    record SendAdvert(int priority, int intervalCentis) implements VrrpAction {
    }

    /** Configure the instance's VIPs (and excluded VIPs) on their interfaces. */
    record AddVips() implements VrrpAction {
    }

    /** Remove the instance's VIPs. */
    record RemoveVips() implements VrrpAction {
    }

    /** Send {@code count} gratuitous ARPs / unsolicited NAs per VIP, back to back. */
    record SendGratuitous(int count) implements VrrpAction {
    }

    /** Run the notify scripts for entering {@code state}. */
    record RunNotify(VrrpState state, int priority) implements VrrpAction {
    }

    /** A state change, with the reason in keepalived's words; for logs, metrics and status. */
    record Transition(VrrpState from, VrrpState to, String reason) implements VrrpAction {
    }

    /** The effective priority moved (trackers or administrative hold). */
    record PriorityChanged(int from, int to) implements VrrpAction {
    }

    /** A notable protocol event that is not a transition (one log line). */
    record Note(String text) implements VrrpAction {
    }
}

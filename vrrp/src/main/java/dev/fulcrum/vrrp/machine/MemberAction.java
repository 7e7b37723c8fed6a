package dev.fulcrum.vrrp.machine;

/** An action for one member of a sync group, so a group's event loop can dispatch it to that instance's edges. */
public record MemberAction(String instance, VrrpAction action) {
}

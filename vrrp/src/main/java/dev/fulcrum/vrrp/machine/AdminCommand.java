package dev.fulcrum.vrrp.machine;

/**
 * Operator handovers for drills. TAKEOVER pins the priority to 254 and becomes Master now; RESIGN pins it
 * to 1 and, if Master, hands over with a priority-0 advert (the peer takes over after its Skew_Time);
 * RELEASE removes the pin. Pins survive until released, so a resigned node does not preempt back.
 */
public enum AdminCommand { TAKEOVER, RESIGN, RELEASE }

/**
 * The protocol's decisions, without I/O: the per-instance state machine (RFC 5798 plus keepalived's
 * extensions), its timers as values on an injected clock, tracker aggregation and sync groups. Events
 * and the current time go in, {@link dev.fulcrum.vrrp.machine.VrrpAction actions} and the next deadline
 * come out, in the style of a poll(now) loop, so every transition is unit-tested on simulated time.
 */
package dev.fulcrum.vrrp.machine;

/**
 * The edges and the threads: raw-socket channels (IPv4, IPv6), VIPs through rtnetlink, gratuitous
 * ARP / unsolicited NA through packet sockets, link/script/file trackers, notify scripts, metrics, one
 * event loop per sync group (or lone instance) driving the pure machine with real time, and
 * {@link dev.fulcrum.vrrp.run.VrrpService}, the entry point director-app starts and stops.
 */
package dev.fulcrum.vrrp.run;

/**
 * The VRRP module's own input model (instances, sync groups, trackers, notify scripts) and the adapter
 * from the conf module's parsed keepalived.conf. Keeping our own small records means the protocol code
 * does not change when the configuration language grows.
 */
package dev.fulcrum.vrrp.spec;

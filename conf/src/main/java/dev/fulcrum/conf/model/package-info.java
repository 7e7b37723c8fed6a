/**
 * The effective keepalived.conf as immutable values. Everything here is already resolved: keepalived's
 * defaults, global {@code vrrp_*} defaults, VS -> RS -> checker inheritance, tracker weights and the
 * sync daemon's id. Consumers (VRRP, health checks, IPVS reconciler) read values and never re-derive
 * them; two loads of the same text give equal values, which is what reload diffs rely on.
 */
package dev.fulcrum.conf.model;

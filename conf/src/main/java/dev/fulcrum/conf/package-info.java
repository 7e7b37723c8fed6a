/**
 * Reading keepalived.conf: {@link dev.fulcrum.conf.KeepalivedConf} loads a file into a
 * {@link dev.fulcrum.conf.ConfResult} (a model and positioned diagnostics, never an exception), and
 * {@link dev.fulcrum.conf.KeepalivedWriter} prints a model back. This module depends on no other
 * Fulcrum module so that every other module can depend on it.
 */
package dev.fulcrum.conf;

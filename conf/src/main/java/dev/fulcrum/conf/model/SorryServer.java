package dev.fulcrum.conf.model;

/** The destination used while quorum is lost; forwarding is resolved from the VS unless overridden. */
public record SorryServer(Endpoint endpoint, Forwarding forwarding, boolean inhibit) {
}

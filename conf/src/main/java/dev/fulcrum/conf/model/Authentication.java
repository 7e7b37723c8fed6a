package dev.fulcrum.conf.model;

/** VRRPv2 authentication; {@code password} is already truncated to the 8 characters keepalived uses. */
public record Authentication(AuthType type, String password) {
}

package dev.fulcrum.conf.model;

/** VRRPv2 authentication scheme. */
public enum AuthType {
    PASS, AH
}

package dev.fulcrum.conf.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Address family; several rules (VIP lists, VSG mixing, tunnelled RS) are stated per family. */
public enum IpFamily {
    INET, INET6;

    public static IpFamily of(InetAddress a) {
        return a instanceof Inet4Address ? INET : INET6;
    }

    public int hostPrefix() {
        return this == INET ? 32 : 128;
    }

    /** The keyword keepalived uses ({@code inet}/{@code inet6}). */
    public String keyword() {
        return this == INET ? "inet" : "inet6";
    }
}

package dev.fulcrum.ipvs.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IPv4 or IPv6, with the kernel's AF_* numbers; part of every service identity. */
public enum AddressFamily {
    INET(2, 32), INET6(10, 128);

    private final int code;
    private final int bits;

    AddressFamily(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    public int code() {
        return code;
    }

    /** Address width in bits: the largest persistence prefix. */
    public int bits() {
        return bits;
    }

    public static AddressFamily of(InetAddress a) {
        return a instanceof Inet4Address ? INET : INET6;
    }

    public static AddressFamily ofCode(int code) {
        return switch (code) {
            case 2 -> INET;
            case 10 -> INET6;
            default -> throw new IllegalArgumentException("address family " + code);
        };
    }
}

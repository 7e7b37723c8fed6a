package dev.fulcrum.ipvs.model;

/** How packets reach a real server (IP_VS_CONN_F_FWD_MASK values); names as ipvsadm prints them. */
public enum ForwardMethod {
    MASQ(0, "Masq"), LOCAL(1, "Local"), TUNNEL(2, "Tunnel"), ROUTE(3, "Route"), BYPASS(4, "Bypass");

    private final int code;
    private final String display;

    ForwardMethod(int code, String display) {
        this.code = code;
        this.display = display;
    }

    public int code() {
        return code;
    }

    public String display() {
        return display;
    }

    public static ForwardMethod ofCode(int c) {
        for (ForwardMethod m : values()) {
            if (m.code == (c & 7)) {
                return m;
            }
        }
        throw new IllegalArgumentException("forwarding method " + c);
    }

    /** keepalived's lvs_method words: NAT, DR, TUN. */
    public static ForwardMethod ofKeepalived(String s) {
        return switch (s.toUpperCase(java.util.Locale.ROOT)) {
            case "NAT" -> MASQ;
            case "DR" -> ROUTE;
            case "TUN" -> TUNNEL;
            default -> throw new IllegalArgumentException("unknown lvs_method " + s);
        };
    }
}

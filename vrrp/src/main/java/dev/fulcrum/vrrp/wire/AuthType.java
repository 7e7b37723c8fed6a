package dev.fulcrum.vrrp.wire;

/**
 * VRRPv2 authentication types. Only NONE and PASS are implemented; AH is named so that an AH advert is
 * reported as an auth-type mismatch rather than as garbage.
 */
public enum AuthType {
    NONE(0), PASS(1), AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @return the type, or null for a code no RFC defines */
    public static AuthType ofCode(int code) {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> PASS;
            case 2 -> AH;
            default -> null;
        };
    }
}

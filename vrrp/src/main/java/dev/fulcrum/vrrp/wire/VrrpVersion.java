package dev.fulcrum.vrrp.wire;

/**
 * The two protocol generations on the wire. They differ in the interval unit, authentication and the
 * checksum rule, so every place that cares asks the version rather than testing numbers.
 */
public enum VrrpVersion {
    V2(2), V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static VrrpVersion of(int number) {
        return switch (number) {
            case 2 -> V2;
            case 3 -> V3;
            default -> throw new IllegalArgumentException("VRRP version " + number);
        };
    }
}

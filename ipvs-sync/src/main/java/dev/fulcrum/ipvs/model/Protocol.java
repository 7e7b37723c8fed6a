package dev.fulcrum.ipvs.model;

/** The transport protocols an IPVS address service can balance. */
public enum Protocol {
    TCP(6), UDP(17), SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Protocol ofNumber(int n) {
        for (Protocol p : values()) {
            if (p.number == n) {
                return p;
            }
        }
        throw new IllegalArgumentException("IP protocol " + n + " is not an IPVS protocol");
    }

    public static Protocol parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}

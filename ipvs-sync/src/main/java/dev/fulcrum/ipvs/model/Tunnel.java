package dev.fulcrum.ipvs.model;

/**
 * Encapsulation options of a TUN destination: type (IPIP, GUE, GRE), GUE's UDP port, and the checksum
 * mode. Only meaningful with {@link ForwardMethod#TUNNEL}; kernels before 5.2/5.3 ignore them.
 */
public record Tunnel(Type type, int port, Checksum checksum) {
    public static final Tunnel IPIP = new Tunnel(Type.IPIP, 0, Checksum.NOCSUM);

    public Tunnel {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("tunnel port out of range: " + port);
        }
        if (type == Type.GUE && port == 0) {
            throw new IllegalArgumentException("a GUE tunnel needs a port");
        }
    }

    public enum Type {
        IPIP, GUE, GRE
    }

    /** Encapsulation checksum flags (IP_VS_TUNNEL_ENCAP_FLAG_*). */
    public enum Checksum {
        NOCSUM(0), CSUM(1), REMCSUM(2);

        private final int flags;

        Checksum(int flags) {
            this.flags = flags;
        }

        public int flags() {
            return flags;
        }

        public static Checksum ofFlags(int f) {
            return (f & 2) != 0 ? REMCSUM : (f & 1) != 0 ? CSUM : NOCSUM;
        }
    }
}

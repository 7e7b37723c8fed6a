package dev.fulcrum.conf.model;

/**
 * How IPVS forwards to a destination. One value for the whole `lvs_method` line so the tunnel details
 * cannot drift from the method they belong to.
 *
 * @param tunnelPort GUE destination port, 0 when not GUE
 */
public record Forwarding(LvsMethod method, TunnelType tunnelType, int tunnelPort, TunnelChecksum checksum) {
    public static final Forwarding NAT = new Forwarding(LvsMethod.NAT, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);

    public static Forwarding of(LvsMethod method) {
        return new Forwarding(method, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);
    }
}

package dev.fulcrum.vrrp.run;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 5798 Accept_Mode off: a MASTER that is not the address owner must not accept packets addressed to
 * the VIPs (keepalived: {@code no_accept}, or {@code strict_mode}/{@code vrrp_strict} without
 * {@code accept}). Like keepalived, this is done in the firewall: an nftables table of our own with a
 * drop rule in the input hook for a set holding those VIPs. The set is static, because a VIP only
 * reaches the input hook on the node that holds it, i.e. the MASTER; so no transition forks {@code nft}.
 * Neighbour solicitations and advertisements to an IPv6 VIP still pass, as a master must answer them.
 * The table is replaced atomically at start (a crashed run's table goes with it) and deleted at stop.
 */
final class AcceptModeFirewall implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptModeFirewall.class);
    static final String TABLE = "fulcrum_vrrp";
    private final String nft;

    private AcceptModeFirewall(String nft) {
        this.nft = nft;
    }

    /** The nft script: one transaction that drops any old table and creates the new one. */
    static String script(Collection<InetAddress> vips) {
        List<String> v4 = vips.stream().filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).distinct().toList();
        List<String> v6 = vips.stream().filter(a -> !(a instanceof Inet4Address)).map(InetAddress::getHostAddress).distinct().toList();
        StringBuilder sb = new StringBuilder();
        sb.append("table inet ").append(TABLE).append('\n');
        sb.append("delete table inet ").append(TABLE).append('\n');
        sb.append("table inet ").append(TABLE).append(" {\n");
        sb.append("  set vips4 {\n    type ipv4_addr\n").append(elements(v4)).append("  }\n");
        sb.append("  set vips6 {\n    type ipv6_addr\n").append(elements(v6)).append("  }\n");
        sb.append("  chain input {\n    type filter hook input priority -1; policy accept;\n");
        sb.append("    ip daddr @vips4 drop\n");
        sb.append("    ip6 daddr @vips6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n");
        sb.append("    ip6 daddr @vips6 drop\n");
        sb.append("  }\n}\n");
        return sb.toString();
    }

    private static String elements(List<String> addrs) {
        return addrs.isEmpty() ? "" : "    elements = { " + String.join(", ", addrs) + " }\n";
    }

    /** Installs the table for {@code vips} (non-empty). */
    static AcceptModeFirewall install(Collection<InetAddress> vips) throws IOException {
        String nft = System.getProperty("fulcrum.vrrp.nft", "nft");
        AcceptModeFirewall f = new AcceptModeFirewall(nft);
        f.run(script(vips), "-f", "-");
        LOG.info("Accept mode off: traffic to {} VIP(s) dropped while MASTER (nftables table inet {})", vips.size(), TABLE);
        return f;
    }

    private void run(String stdin, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(nft));
        cmd.addAll(List.of(args));
        ToolCommand r;
        try {
            r = ToolCommand.run(cmd, stdin, java.time.Duration.ofSeconds(10));
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().endsWith(": timed out") || e.getMessage().equals("interrupted"))) {
                throw e;
            }
            throw new IOException("no_accept / strict_mode needs nftables (" + nft + "): " + e.getMessage(), e);
        }
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + r.output());
        }
    }

    @Override
    public void close() {
        try {
            run("", "delete", "table", "inet", TABLE);
            LOG.info("Removed nftables table inet {}", TABLE);
        } catch (IOException e) {
            LOG.warn("cannot remove nftables table inet {}: {}", TABLE, e.getMessage());
        }
    }
}

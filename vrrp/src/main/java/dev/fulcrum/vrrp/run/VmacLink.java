package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.netlink.NetlinkReply;
import dev.fulcrum.net.rtnl.RouteNetlink;
import dev.fulcrum.net.rtnl.Rtnl;
import dev.fulcrum.net.rtnl.RtnlCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code use_vmac}: a macvlan interface (private mode) on the instance's interface carrying the VRRP
 * virtual MAC 00:00:5e:00:01:VRID (RFC 5798 §7.3), so that a takeover needs no ARP cache change at all:
 * the VIPs live on it and the MASTER's adverts leave through it, which moves the MAC in every switch.
 * Created at start and deleted at stop, through rtnetlink. It is created down and without IPv6
 * (nothing may leave a BACKUP with the shared MAC), with keepalived's sysctls: ARP for a VIP is answered
 * only by the VMAC ({@code arp_ignore=1} on it and on its parent, {@code arp_filter=1} on the parent),
 * {@code accept_local=1} and {@code rp_filter=0} on the VMAC. One more than keepalived, on the parent:
 * {@code arp_announce=2}, because a reply from the VIP that leaves through the parent would otherwise
 * make the kernel ask for the client's MAC with the VIP as sender address, and the client would then
 * map the VIP to the parent's MAC instead of the VMAC. The parent's values are restored when the last
 * VMAC on it goes.
 */
final class VmacLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VmacLink.class);
    private static final Map<String, Integer> USERS = new HashMap<>();
    private static final Map<String, Map<String, String>> SAVED = new HashMap<>();
    private final String name;
    private final String parent;
    private boolean closed;

    private VmacLink(String name, String parent) {
        this.name = name;
        this.parent = parent;
    }

    static byte[] mac(int vrid, boolean ipv6) {
        return new byte[] {0x00, 0x00, 0x5e, 0x00, (byte) (ipv6 ? 0x02 : 0x01), (byte) vrid};
    }

    /** Creates {@code name} on {@code parent} (replacing a stale one a crashed run left) and brings it up. */
    static VmacLink create(String name, String parent, int vrid) throws IOException {
        try (RouteNetlink rtnl = RouteNetlink.open()) {
            int parentIndex = rtnl.linkIndex(parent);
            try {
                int stale = rtnl.linkIndex(name);
                check(rtnl.apply(List.of(RtnlCodec.deleteLink(stale))));
                LOG.info("removed stale VMAC interface {}", name);
            } catch (RuntimeException absent) {
                // the usual case: no such link
            }
            check(rtnl.apply(List.of(RtnlCodec.addMacvlan(name, parentIndex, mac(vrid, false), Rtnl.MACVLAN_MODE_PRIVATE))));
            VmacLink link = new VmacLink(name, parent);
            try {
                sysctl("ipv6/conf/" + name + "/disable_ipv6", "1");
                sysctl("ipv4/conf/" + name + "/arp_ignore", "1");
                sysctl("ipv4/conf/" + name + "/accept_local", "1");
                sysctl("ipv4/conf/" + name + "/rp_filter", "0");
                link.claimParent();
                check(rtnl.apply(List.of(RtnlCodec.setLinkUp(rtnl.linkIndex(name), true))));
            } catch (IOException | RuntimeException e) {
                link.close();
                throw e;
            }
            LOG.info("VMAC interface {} on {} with {}", name, parent, "00:00:5e:00:01:" + String.format("%02x", vrid));
            return link;
        } catch (RuntimeException e) {
            throw new IOException("use_vmac " + name + " on " + parent + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    private void claimParent() throws IOException {
        synchronized (USERS) {
            if (USERS.merge(parent, 1, Integer::sum) == 1) {
                Map<String, String> old = new HashMap<>();
                for (String k : List.of("arp_ignore", "arp_filter", "arp_announce")) {
                    old.put(k, read("ipv4/conf/" + parent + "/" + k));
                }
                SAVED.put(parent, old);
                sysctl("ipv4/conf/" + parent + "/arp_ignore", "1");
                sysctl("ipv4/conf/" + parent + "/arp_filter", "1");
                sysctl("ipv4/conf/" + parent + "/arp_announce", "2");
            }
        }
    }

    private void releaseParent() {
        synchronized (USERS) {
            Integer n = USERS.get(parent);
            if (n == null) {
                return;
            }
            if (n > 1) {
                USERS.put(parent, n - 1);
                return;
            }
            USERS.remove(parent);
            Map<String, String> old = SAVED.remove(parent);
            if (old != null) {
                old.forEach((k, v) -> {
                    try {
                        sysctl("ipv4/conf/" + parent + "/" + k, v);
                    } catch (IOException e) {
                        LOG.warn("cannot restore {} on {}: {}", k, parent, e.getMessage());
                    }
                });
            }
        }
    }

    private static void check(List<NetlinkReply> replies) throws IOException {
        for (NetlinkReply r : replies) {
            if (!r.ok()) {
                throw new IOException(r.exception().getMessage(), r.exception());
            }
        }
    }

    private static Path proc(String key) {
        return Path.of("/proc/sys/net/" + key);
    }

    private static String read(String key) throws IOException {
        return Files.readString(proc(key)).trim();
    }

    private static void sysctl(String key, String value) throws IOException {
        if (key.startsWith("ipv6/") && !Files.exists(proc(key))) {
            return; // a kernel without IPv6: nothing to disable
        }
        Files.writeString(proc(key), value, StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseParent();
        try (RouteNetlink rtnl = RouteNetlink.open()) {
            check(rtnl.apply(List.of(RtnlCodec.deleteLink(rtnl.linkIndex(name)))));
            LOG.info("removed VMAC interface {}", name);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove VMAC interface {}: {}", name, e.getMessage());
        }
    }
}

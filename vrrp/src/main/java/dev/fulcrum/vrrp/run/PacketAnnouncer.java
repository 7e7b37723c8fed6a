package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.packet.GratuitousArp;
import dev.fulcrum.net.packet.PacketSocket;
import dev.fulcrum.net.rtnl.Link;
import dev.fulcrum.net.rtnl.RouteNetlink;
import dev.fulcrum.net.packet.UnsolicitedNeighborAdvert;
import dev.fulcrum.vrrp.spec.VipSpec;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Gratuitous ARP / unsolicited NA through an AF_PACKET socket, frames pre-built per VIP with the NIC's
 * MAC (the VMAC's with use_vmac), exactly as keepalived 2.2.7 sends them.
 */
public final class PacketAnnouncer implements Announcer {
    private record Prepared(int ifindex, int ethertype, byte[] frame) {
    }

    private final PacketSocket socket;
    private final List<Prepared> frames = new ArrayList<>();

    public PacketAnnouncer(List<VipSpec> vips, String defaultDev) throws IOException {
        this.socket = PacketSocket.open();
        try (RouteNetlink rtnl = RouteNetlink.open()) {
            for (VipSpec v : vips) {
                String dev = v.dev() != null ? v.dev() : defaultDev;
                Link link;
                try {
                    link = rtnl.link(dev); // also sees interfaces without an IP address (a VMAC)
                } catch (RuntimeException e) {
                    throw new IOException("no interface " + dev, e);
                }
                byte[] mac = link.address();
                if (mac.length != 6) {
                    continue; // no Ethernet address (e.g. lo): nothing to announce
                }
                if (v.address() instanceof Inet4Address a) {
                    frames.add(new Prepared(link.index(), GratuitousArp.ETH_P_ARP, GratuitousArp.frame(mac, a)));
                } else if (v.address() instanceof Inet6Address a) {
                    frames.add(new Prepared(link.index(), UnsolicitedNeighborAdvert.ETH_P_IPV6,
                            UnsolicitedNeighborAdvert.frame(mac, a, true)));
                }
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void announce(int count) throws IOException {
        IOException first = null;
        for (int i = 0; i < count; i++) {
            for (Prepared p : frames) {
                try {
                    socket.send(p.ifindex(), p.ethertype(), p.frame());
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

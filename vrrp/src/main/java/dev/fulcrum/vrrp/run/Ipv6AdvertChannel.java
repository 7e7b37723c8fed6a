package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.ip.RawIpv6Socket;
import dev.fulcrum.vrrp.wire.AdvertScreen;
import dev.fulcrum.vrrp.wire.ReceivedDatagram;
import dev.fulcrum.vrrp.wire.UnicastPeer;
import dev.fulcrum.vrrp.wire.V3Checksum;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import dev.fulcrum.vrrp.wire.VrrpCodec;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * VRRPv3 over IPv6: sent from the interface's link-local to ff02::12 (or each unicast peer) with hop
 * limit 255; the kernel fills in the checksum. Received hop limit and destination come from ancillary
 * data, so the same {@link AdvertScreen} rules apply as for IPv4.
 */
public final class Ipv6AdvertChannel extends RawAdvertChannel<Inet6Address> {
    public static final Inet6Address GROUP = group6();

    private final RawIpv6Socket socket6;

    public Ipv6AdvertChannel(RawIpv6Socket socket, Inet6Address source, List<UnicastPeer> peers, AdvertScreen screen)
            throws IOException {
        super(socket, socket, source, peers, screen);
        this.socket6 = socket;
        if (peers.isEmpty()) {
            socket.joinGroup(GROUP);
        }
    }

    @Override
    Inet6Address group() {
        return GROUP;
    }

    @Override
    void sendOne(VrrpAdvertisement advert, Inet6Address dst, boolean multicast) throws IOException {
        socket6.send(VrrpCodec.encode(advert, source, dst, V3Checksum.PSEUDO_HEADER), dst);
    }

    @Override
    public Reception receive(int timeoutMs) throws IOException {
        RawIpv6Socket.Datagram d = socket6.receive(buf, timeoutMs);
        if (d == null) {
            return null;
        }
        // scope ids would make InetAddress.equals fail against configured peers: compare plain addresses
        InetAddress src = InetAddress.getByAddress(d.source().getAddress());
        InetAddress dst = d.destination() == null ? GROUP : InetAddress.getByAddress(d.destination().getAddress());
        ReceivedDatagram rd = new ReceivedDatagram(src, dst, d.hopLimit(), Arrays.copyOf(buf, d.length()));
        return new Reception(screen.screen(rd), src);
    }

    private static Inet6Address group6() {
        try {
            return (Inet6Address) InetAddress.getByName("ff02::12");
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

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
public final class Ipv6AdvertChannel implements AdvertChannel {
    public static final Inet6Address GROUP = group();

    private final RawIpv6Socket socket;
    private final Inet6Address source;
    private final List<UnicastPeer> peers;
    private final AdvertScreen screen;
    private final byte[] buf = new byte[65536];

    public Ipv6AdvertChannel(RawIpv6Socket socket, Inet6Address source, List<UnicastPeer> peers, AdvertScreen screen)
            throws IOException {
        this.socket = socket;
        this.source = source;
        this.peers = List.copyOf(peers);
        this.screen = screen;
        if (peers.isEmpty()) {
            socket.joinGroup(GROUP);
        }
    }

    @Override
    public void send(VrrpAdvertisement advert) throws IOException {
        if (peers.isEmpty()) {
            socket.send(VrrpCodec.encode(advert, source, GROUP, V3Checksum.PSEUDO_HEADER), GROUP);
            return;
        }
        IOException first = null;
        for (UnicastPeer p : peers) {
            Inet6Address dst = (Inet6Address) p.address();
            try {
                socket.send(VrrpCodec.encode(advert, source, dst, V3Checksum.PSEUDO_HEADER), dst);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public Reception receive(int timeoutMs) throws IOException {
        RawIpv6Socket.Datagram d = socket.receive(buf, timeoutMs);
        if (d == null) {
            return null;
        }
        // scope ids would make InetAddress.equals fail against configured peers: compare plain addresses
        InetAddress src = InetAddress.getByAddress(d.source().getAddress());
        InetAddress dst = d.destination() == null ? GROUP : InetAddress.getByAddress(d.destination().getAddress());
        ReceivedDatagram rd = new ReceivedDatagram(src, dst, d.hopLimit(), Arrays.copyOf(buf, d.length()));
        return new Reception(screen.screen(rd), src);
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        socket.close();
    }

    private static Inet6Address group() {
        try {
            return (Inet6Address) InetAddress.getByName("ff02::12");
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

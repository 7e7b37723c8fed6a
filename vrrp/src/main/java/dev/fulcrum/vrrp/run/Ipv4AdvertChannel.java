package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.ip.RawIpv4Socket;
import dev.fulcrum.vrrp.wire.AdvertScreen;
import dev.fulcrum.vrrp.wire.Ipv4Header;
import dev.fulcrum.vrrp.wire.UnicastPeer;
import dev.fulcrum.vrrp.wire.V3Checksum;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import dev.fulcrum.vrrp.wire.VrrpCodec;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * VRRP over IPv4 on a raw socket: we build the IP header as keepalived does (TOS 0xc0, per-instance ID
 * counter from 1, DF clear, TTL 255 or unicast_ttl) because the v3 checksum covers the source and the
 * ID pattern helps when reading captures side by side with keepalived's.
 */
public final class Ipv4AdvertChannel implements AdvertChannel {
    public static final Inet4Address GROUP = group();

    private final RawIpv4Socket socket;
    private final Inet4Address source;
    private final List<UnicastPeer> peers;
    private final int unicastTtl;
    private final V3Checksum checksum;
    private final AdvertScreen screen;
    private final byte[] buf = new byte[65536];
    private int ipId;

    public Ipv4AdvertChannel(RawIpv4Socket socket, Inet4Address source, List<UnicastPeer> peers, int unicastTtl,
                             V3Checksum checksum, AdvertScreen screen) throws IOException {
        this.socket = socket;
        this.source = source;
        this.peers = List.copyOf(peers);
        this.unicastTtl = unicastTtl;
        this.checksum = checksum;
        this.screen = screen;
        if (peers.isEmpty()) {
            socket.joinGroup(GROUP);
        }
    }

    @Override
    public void send(VrrpAdvertisement advert) throws IOException {
        ipId = ipId == 0xffff ? 1 : ipId + 1;
        if (peers.isEmpty()) {
            byte[] msg = VrrpCodec.encode(advert, source, GROUP, checksum);
            socket.send(Ipv4Header.wrap(source, GROUP, ipId, 255, Ipv4Header.TOS_NETWORK_CONTROL, msg), GROUP);
            return;
        }
        IOException first = null;
        for (UnicastPeer p : peers) {
            Inet4Address dst = (Inet4Address) p.address();
            byte[] msg = VrrpCodec.encode(advert, source, dst, checksum); // checksum recomputed per peer
            try {
                socket.send(Ipv4Header.wrap(source, dst, ipId, unicastTtl, Ipv4Header.TOS_NETWORK_CONTROL, msg), dst);
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
        int n = socket.receive(buf, timeoutMs);
        if (n < 0) {
            return null;
        }
        InetAddress from = null;
        if (n >= 20) {
            from = InetAddress.getByAddress(java.util.Arrays.copyOfRange(buf, 12, 16));
        }
        return new Reception(screen.screenIpv4(buf, n), from);
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

    private static Inet4Address group() {
        try {
            return (Inet4Address) InetAddress.getByName("224.0.0.18");
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

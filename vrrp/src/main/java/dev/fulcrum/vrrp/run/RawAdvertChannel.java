package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.ip.RawIpSocket;
import dev.fulcrum.vrrp.wire.AdvertScreen;
import dev.fulcrum.vrrp.wire.UnicastPeer;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * What the IPv4 and IPv6 advert channels share: one raw socket, our source address, the screen for
 * what we receive, and the send rule (the multicast group once, or every unicast peer in turn, where
 * one unreachable peer must not keep the advert from the others; the first failure is rethrown after
 * all were tried). A family only says how one advert goes to one destination and how one is received.
 */
abstract sealed class RawAdvertChannel<A extends InetAddress> implements AdvertChannel
        permits Ipv4AdvertChannel, Ipv6AdvertChannel {
    final RawIpSocket socket;
    /** The socket adverts leave through: {@link #socket} itself, or the VMAC's ({@code use_vmac}). */
    final RawIpSocket sendSocket;
    final A source;
    final List<UnicastPeer> peers;
    final AdvertScreen screen;
    final byte[] buf = new byte[65536];

    RawAdvertChannel(RawIpSocket socket, RawIpSocket sendSocket, A source, List<UnicastPeer> peers, AdvertScreen screen) {
        this.socket = socket;
        this.sendSocket = sendSocket;
        this.source = source;
        this.peers = List.copyOf(peers);
        this.screen = screen;
    }

    /** The family's multicast group (224.0.0.18 or ff02::12). */
    abstract A group();

    /** Sends {@code advert} to one destination: the group, or one unicast peer. */
    abstract void sendOne(VrrpAdvertisement advert, A destination, boolean multicast) throws IOException;

    /** Hook before each advert (IPv4 advances its IP ID). */
    void beforeSend() {
    }

    @Override
    @SuppressWarnings("unchecked")
    public final void send(VrrpAdvertisement advert) throws IOException {
        beforeSend();
        if (peers.isEmpty()) {
            sendOne(advert, group(), true);
            return;
        }
        IOException first = null;
        for (UnicastPeer p : peers) {
            try {
                sendOne(advert, (A) p.address(), false);
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
    public final InetAddress source() {
        return source;
    }

    @Override
    public final boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public final void close() {
        socket.close();
        if (sendSocket != socket) {
            sendSocket.close();
        }
    }
}

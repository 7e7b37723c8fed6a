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
public final class Ipv4AdvertChannel extends RawAdvertChannel<Inet4Address> {
    public static final Inet4Address GROUP = group4();

    private final RawIpv4Socket socket4;
    private final RawIpv4Socket sendSocket4;
    private final int unicastTtl;
    private final V3Checksum checksum;
    private int ipId;

    public Ipv4AdvertChannel(RawIpv4Socket socket, Inet4Address source, List<UnicastPeer> peers, int unicastTtl,
                             V3Checksum checksum, AdvertScreen screen) throws IOException {
        this(socket, socket, source, peers, unicastTtl, checksum, screen);
    }

    /**
     * Receives on {@code socket} and sends through {@code sendSocket}: with {@code use_vmac} the first is
     * the VMAC interface and the second the base interface when {@code vmac_xmit_base} is set.
     */
    public Ipv4AdvertChannel(RawIpv4Socket socket, RawIpv4Socket sendSocket, Inet4Address source, List<UnicastPeer> peers,
                             int unicastTtl, V3Checksum checksum, AdvertScreen screen) throws IOException {
        super(socket, sendSocket, source, peers, screen);
        this.socket4 = socket;
        this.sendSocket4 = sendSocket;
        this.unicastTtl = unicastTtl;
        this.checksum = checksum;
        if (peers.isEmpty()) {
            socket.joinGroup(GROUP);
        }
    }

    @Override
    Inet4Address group() {
        return GROUP;
    }

    @Override
    void beforeSend() {
        ipId = ipId == 0xffff ? 1 : ipId + 1; // one ID per advert, shared by its unicast copies
    }

    @Override
    void sendOne(VrrpAdvertisement advert, Inet4Address dst, boolean multicast) throws IOException {
        byte[] msg = VrrpCodec.encode(advert, source, dst, checksum); // the v3 checksum covers dst: per peer
        sendSocket4.send(Ipv4Header.wrap(source, dst, ipId, multicast ? 255 : unicastTtl, Ipv4Header.TOS_NETWORK_CONTROL, msg), dst);
    }

    @Override
    public Reception receive(int timeoutMs) throws IOException {
        int n = socket4.receive(buf, timeoutMs);
        if (n < 0) {
            return null;
        }
        InetAddress from = null;
        if (n >= 20) {
            from = InetAddress.getByAddress(java.util.Arrays.copyOfRange(buf, 12, 16));
        }
        return new Reception(screen.screenIpv4(buf, n), from);
    }

    private static Inet4Address group4() {
        try {
            return (Inet4Address) InetAddress.getByName("224.0.0.18");
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

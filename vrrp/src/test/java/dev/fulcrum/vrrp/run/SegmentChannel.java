package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.wire.AdvertScreen;
import dev.fulcrum.vrrp.wire.Ipv4Header;
import dev.fulcrum.vrrp.wire.V3Checksum;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import dev.fulcrum.vrrp.wire.VrrpCodec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory Ethernet segment for runner tests: adverts are really encoded (IP header included) and
 * really screened on the way in, only the kernel is missing. Records every send with its time.
 */
final class SegmentChannel implements AdvertChannel {
    static final class Segment {
        final List<SegmentChannel> members = new CopyOnWriteArrayList<>();
        volatile boolean cut;

        void inject(byte[] packet) {
            members.forEach(m -> m.inbox.add(packet));
        }
    }

    record Sent(long nanos, VrrpAdvertisement advert) {
    }

    final Segment segment;
    final Inet4Address source;
    final AdvertScreen screen;
    final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private int id;

    SegmentChannel(Segment segment, String source, AdvertScreen screen) throws Exception {
        this.segment = segment;
        this.source = (Inet4Address) InetAddress.getByName(source);
        this.screen = screen;
        segment.members.add(this);
    }

    @Override
    public void send(VrrpAdvertisement advert) {
        sent.add(new Sent(System.nanoTime(), advert));
        if (segment.cut || closed) {
            return;
        }
        byte[] msg = VrrpCodec.encode(advert, source, Ipv4AdvertChannel.GROUP, V3Checksum.PSEUDO_HEADER);
        byte[] pkt = Ipv4Header.wrap(source, Ipv4AdvertChannel.GROUP, ++id, 255, 0xc0, msg);
        for (SegmentChannel m : segment.members) {
            if (m != this) {
                m.inbox.add(pkt);
            }
        }
    }

    @Override
    public Reception receive(int timeoutMs) throws java.io.IOException {
        try {
            byte[] p = inbox.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (p == null || closed) {
                return null;
            }
            InetAddress from = p.length >= 20 ? InetAddress.getByAddress(java.util.Arrays.copyOfRange(p, 12, 16)) : null;
            return new Reception(screen.screenIpv4(p, p.length), from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        segment.members.remove(this);
    }
}

package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.wire.Screening;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The wire for one instance: sends our adverts (to the group or to each unicast peer) and yields screened
 * receptions. Sending happens on the event loop, receiving on the instance's receive thread.
 */
public interface AdvertChannel extends AutoCloseable {
    void send(VrrpAdvertisement advert) throws IOException;

    /** Waits up to {@code timeoutMs}; null on timeout or after close. */
    Reception receive(int timeoutMs) throws IOException;

    /** A screened datagram and the IP source it claimed (null if the IP header was unreadable). */
    record Reception(Screening screening, InetAddress source) {
    }

    /** The IP source our adverts carry (the tie-break address). */
    InetAddress source();

    boolean isClosed();

    @Override
    void close();
}

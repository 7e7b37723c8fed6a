package dev.fulcrum.vrrp.run;

import java.io.IOException;

/** Tells the segment where the VIPs now live (gratuitous ARP / unsolicited NA). */
public interface Announcer extends AutoCloseable {
    /** Sends {@code count} announcements per VIP, back to back. */
    void announce(int count) throws IOException;

    @Override
    default void close() {
    }
}

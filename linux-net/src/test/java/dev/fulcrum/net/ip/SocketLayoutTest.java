package dev.fulcrum.net.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The C structures the raw IP socket hands to the kernel (x86_64 layouts, kernel-interfaces.md §9). */
class SocketLayoutTest {
    @Test
    void ipMreqnIsGroupThenAddressThenNativeIfindex() throws Exception {
        byte[] m = RawIpv4Socket.mreqn((Inet4Address) InetAddress.getByName("224.0.0.18"), 0x0102);
        assertArrayEquals(new byte[] {(byte) 224, 0, 0, 18, 0, 0, 0, 0, 0x02, 0x01, 0, 0}, m);
    }

    @Test
    void sockaddrInHasFamilyPortAndAddress() throws Exception {
        byte[] sa = RawIpv4Socket.sockaddrIn(InetAddress.getByName("10.99.0.12"));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 10, 99, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0}, sa);
    }
}

package dev.fulcrum.net.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The frames against the bytes captured from keepalived and the reference NA example. */
class FrameBuildersTest {
    static byte[] hex(String s) {
        String h = s.replaceAll("\\s", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void gratuitousArpMatchesKeepalivedCapture() throws Exception {
        byte[] mac = hex("029900000012");
        assertArrayEquals(hex("ffffffffffff 029900000012 0806 0001 0800 06 04 0001 029900000012 0a630032 ffffffffffff 0a630032"),
                GratuitousArp.frame(mac, (Inet4Address) InetAddress.getByName("10.99.0.50")));
    }

    @Test
    void unsolicitedNaMatchesReferenceExample() throws Exception {
        byte[] expected = hex("""
                33 33 00 00 00 01 52 54 00 12 34 56 86 dd 60 00
                00 00 00 20 3a ff 20 01 0d b8 00 00 00 00 00 00
                00 00 00 00 01 00 ff 02 00 00 00 00 00 00 00 00
                00 00 00 00 00 01 88 00 72 71 20 00 00 00 20 01
                0d b8 00 00 00 00 00 00 00 00 00 00 01 00 02 01
                52 54 00 12 34 56""");
        assertArrayEquals(expected, UnsolicitedNeighborAdvert.frame(hex("525400123456"),
                (Inet6Address) InetAddress.getByName("2001:db8::100"), false));
    }
}

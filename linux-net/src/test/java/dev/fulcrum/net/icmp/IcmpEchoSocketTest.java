package dev.fulcrum.net.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IcmpEchoSocketTest {
    @Test
    void checksumOfAKnownEchoRequest() {
        // type 8, code 0, id 0x1234, seq 1, payload "ab": sum of words 0x0800+0x1234+0x0001+0x6162 = 0x7b97
        byte[] p = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'a', 'b'};
        assertEquals(0xffff - 0x7b97, IcmpEchoSocket.checksum(p));
        p[2] = (byte) (0x8468 >> 8);
        p[3] = (byte) 0x8468;
        assertEquals(0, IcmpEchoSocket.checksum(p), "a packet carrying its checksum sums to zero");
    }
}

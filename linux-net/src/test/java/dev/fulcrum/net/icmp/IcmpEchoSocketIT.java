package dev.fulcrum.net.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("netns")
class IcmpEchoSocketIT {
    @Test
    void loopbackAnswersAnEcho() throws Exception {
        try (IcmpEchoSocket s = IcmpEchoSocket.open()) {
            Inet4Address lo = (Inet4Address) InetAddress.getByName("127.0.0.1");
            s.sendEcho(lo, 0x4242, 7, new byte[] {1, 2, 3});
            Optional<IcmpEchoSocket.EchoReply> r = Optional.empty();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                r = s.receive(200);
                if (r.isPresent() && r.get().sequence() == 7) {
                    break;
                }
            }
            assertTrue(r.isPresent(), "echo reply from loopback");
            assertEquals(7, r.get().sequence());
            assertEquals(lo, r.get().from());
            if (s.raw()) {
                assertEquals(0x4242, r.get().id());
            }
        }
    }

    @Test
    void ipv6LoopbackAnswersAnEcho() throws Exception {
        try (IcmpEchoSocket s = IcmpEchoSocket.open(IcmpFamily.IPV6)) {
            InetAddress lo = InetAddress.getByName("::1");
            s.sendEcho(lo, 0x4243, 9, new byte[] {1, 2, 3});
            Optional<IcmpEchoSocket.EchoReply> r = IcmpEchoNetnsIT.awaitReply(s, 9, 2000);
            assertTrue(r.isPresent(), "echo reply from ::1");
            assertEquals(lo, r.get().from());
            if (s.raw()) {
                assertEquals(0x4243, r.get().id());
            }
        }
    }
}

package dev.fulcrum.vrrp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.vrrp.it.NetnsLab.Fulcrum;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Accept_Mode off ({@code no_accept}, or strict mode) on the real kernel with nftables: the non-owner
 * MASTER holds and announces the VIP but drops traffic addressed to it, while its own address keeps
 * answering; a peer in (default) accept mode serves the VIP after taking over; stop removes the table.
 */
@Tag("netns")
class AcceptModeIT {
    static final Duration SHORT = Duration.ofSeconds(10);
    /** JVM start (512 MB pre-touched heap) on a host that other jobs may saturate. */
    static final Duration START = Duration.ofSeconds(40);
    NetnsLab lab;

    @BeforeEach
    void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        lab = new NetnsLab("h4am");
    }

    @AfterEach
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    String curl(String ip) {
        try {
            return lab.inNs("cl", "sh", "-c", "curl -s -m 1 http://" + ip + "/ || true").trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void nonOwnerMasterWithoutAcceptModeDropsTrafficToTheVip() throws Exception {
        Fulcrum lb1 = lab.fulcrum("lb1", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "150", "--no-accept");
        lb1.awaitLine("Entering MASTER STATE", START);
        assertTrue(NetnsLab.await(SHORT, () -> lab.hasVip("lb1")));
        assertTrue(lab.inNs("lb1", "nft", "list", "table", "inet", "fulcrum_vrrp").contains("10.99.0.50"));
        assertEquals("lb1", curl("10.99.0.11"), "the director's own address answers");
        assertEquals("", curl("10.99.0.50"), "the VIP does not, although lb1 holds it");
        assertTrue(lab.inNs("cl", "ip", "neigh", "show", "10.99.0.50").contains("02:99:00:00:00:11"),
                "ARP for the VIP is still answered by the master");

        Fulcrum lb2 = lab.fulcrum("lb2", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "100");
        lb2.awaitLine("Entering BACKUP STATE \\(init\\)", START);
        lb1.signal("TERM");
        assertEquals(0, lb1.awaitExit(SHORT));
        assertFalse(lab.inNs("lb1", "nft", "list", "tables").contains("fulcrum_vrrp"), "stop removes the table");
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> curl("10.99.0.50").equals("lb2")), "accept mode (default) serves the VIP");
    }
}

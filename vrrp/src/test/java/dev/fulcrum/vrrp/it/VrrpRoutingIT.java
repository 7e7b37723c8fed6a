package dev.fulcrum.vrrp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * {@code virtual_routes} and {@code virtual_rules} on the real kernel: they exist on the MASTER only,
 * follow the VIP on failover, are removed on SIGTERM, and a restart after SIGKILL removes the ones the
 * crashed run left behind. iproute2 in the namespaces is the judge.
 */
@Tag("netns")
class VrrpRoutingIT {
    static final Duration SHORT = Duration.ofSeconds(10);
    /** JVM start (512 MB pre-touched heap) on a host that other jobs may saturate. */
    static final Duration START = Duration.ofSeconds(40);
    // the third route takes the VIP as its source, so it can only be added after the VIP
    static final String[] COMMON = {"--advert-cs", "10", "--vip", "10.99.0.50/24",
        "--route", "198.51.100.0/24 via 10.99.0.1 table 100",
        "--route", "blackhole 203.0.113.0/24 table 100",
        "--route", "192.0.2.0/24 dev eth0 src 10.99.0.50 table 100 metric 7",
        "--rule", "from 10.99.0.50 table 100 priority 100",
        "--rule", "not to 10.99.0.0/24 fwmark 0x10/0xff lookup 100 pref 101"};
    NetnsLab lab;

    @BeforeEach
    void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        lab = new NetnsLab("h4rt");
    }

    @AfterEach
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    static String[] args(String prio) {
        String[] out = new String[COMMON.length + 2];
        System.arraycopy(COMMON, 0, out, 0, COMMON.length);
        out[COMMON.length] = "--prio";
        out[COMMON.length + 1] = prio;
        return out;
    }

    /** How many of the five configured routes and rules iproute2 shows in {@code node}. */
    int present(String node) throws IOException {
        // a table that never had a route "does not exist": that is zero routes
        String routes = lab.inNs(node, "sh", "-c", "ip -4 route show table 100 2>&1 || true");
        String rules = lab.inNs(node, "ip", "-4", "rule", "show");
        int n = 0;
        n += routes.contains("198.51.100.0/24 via 10.99.0.1 dev eth0") ? 1 : 0;
        n += routes.contains("blackhole 203.0.113.0/24") ? 1 : 0;
        n += routes.matches("(?s).*192\\.0\\.2\\.0/24 dev eth0 scope link src 10\\.99\\.0\\.50 metric 7.*") ? 1 : 0;
        n += rules.contains("100:\tfrom 10.99.0.50 lookup 100") ? 1 : 0;
        n += rules.contains("101:\tnot from all to 10.99.0.0/24 fwmark 0x10/0xff lookup 100") ? 1 : 0;
        return n;
    }

    @Test
    void routesAndRulesFollowTheMaster() throws Exception {
        Fulcrum lb1 = lab.fulcrum("lb1", args("150"));
        lb1.awaitLine("Entering MASTER STATE", START);
        assertTrue(NetnsLab.await(SHORT, () -> present("lb1") == 5),
                lab.inNs("lb1", "sh", "-c", "ip route show table 100 2>&1 || true") + lab.inNs("lb1", "ip", "rule"));
        Fulcrum lb2 = lab.fulcrum("lb2", args("100"));
        lb2.awaitLine("Entering BACKUP STATE \\(init\\)", START);
        Thread.sleep(500);
        assertEquals(0, present("lb2"), "a backup has none of them");
        assertEquals(5, present("lb1"));

        // SIGTERM: the master removes them with its VIP, the backup adds them when it takes over
        lb1.signal("TERM");
        assertEquals(0, lb1.awaitExit(SHORT));
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        assertEquals(0, present("lb1"), "a stopped director leaves no route or rule behind");
        assertTrue(NetnsLab.await(SHORT, () -> present("lb2") == 5));

        // SIGKILL leaves them behind (like the VIP); the restarted director removes them before it
        // starts as BACKUP (behind a higher-priority master, so it stays BACKUP and the removal is observable)
        lb2.signal("KILL");
        lb2.awaitExit(SHORT);
        assertEquals(5, present("lb2"));
        Fulcrum lb1b = lab.fulcrum("lb1", args("150"));
        lb1b.awaitLine("Entering MASTER STATE", START);
        assertTrue(NetnsLab.await(SHORT, () -> present("lb1") == 5));
        Fulcrum lb2r = lab.fulcrum("lb2", args("100"));
        lb2r.awaitLine("Entering BACKUP STATE \\(init\\)", START);
        assertEquals(0, present("lb2"), "stale routes and rules removed at start");
        assertTrue(lb2r.find("Entering MASTER").isEmpty());
    }
}

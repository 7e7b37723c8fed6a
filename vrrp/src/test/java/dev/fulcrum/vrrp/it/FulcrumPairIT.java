package dev.fulcrum.vrrp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.vrrp.it.NetnsLab.Fulcrum;
import dev.fulcrum.vrrp.it.NetnsLab.LogView;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Fulcrum directors in two namespaces on one bridge (v3, 0.1 s adverts): failover by SIGTERM,
 * SIGKILL and link down, failback with and without preemption, unicast, and a partition that heals.
 * Real processes, real raw sockets, real VIPs; the client's HTTP view decides who serves.
 */
@Tag("netns")
class FulcrumPairIT {
    static final Duration SHORT = Duration.ofSeconds(10);
    static final Duration WAIT_VIP = Duration.ofSeconds(2);
    static final String[] COMMON = {"--advert-cs", "10", "--vip", "10.99.0.50/24"};
    static final String GARP_FROM_LB2 =
            "02:99:00:00:00:12 > ff:ff:ff:ff:ff:ff, ethertype ARP.*Request who-has 10.99.0.50 \\(ff:ff:ff:ff:ff:ff\\) tell 10.99.0.50";
    NetnsLab lab;

    @BeforeEach
    void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        lab = new NetnsLab("vrrpa");
    }

    @AfterEach
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    static String[] args(String... extra) {
        String[] out = new String[COMMON.length + extra.length];
        System.arraycopy(COMMON, 0, out, 0, COMMON.length);
        System.arraycopy(extra, 0, out, COMMON.length, extra.length);
        return out;
    }

    static long ms(String fromLine, String toLine) {
        return Duration.between(LogView.time(fromLine), LogView.time(toLine)).toMillis();
    }

    @Test
    void failoverBySigtermSigkillAndLinkDownWithPreemptiveFailback() throws Exception {
        LogView arp = lab.capture("arp", "arp");
        Fulcrum lb1 = lab.fulcrum("lb1", args("--prio", "150"));
        lb1.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Fulcrum lb2 = lab.fulcrum("lb2", args("--prio", "100"));
        lb2.awaitLine("Entering BACKUP STATE \\(init\\)", NetnsLab.START);
        Thread.sleep(1000); // ten advert periods: a stable pair
        assertTrue(lb2.find("Entering MASTER").isEmpty(), "backup must stay backup while the master advertises");
        assertTrue(lab.hasVip("lb1"));
        assertFalse(lab.hasVip("lb2"));
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb1")));

        // graceful stop: priority 0, VIP removed, exit 0; the backup takes over after Skew_Time
        lb1.signal("TERM");
        assertEquals(0, lb1.awaitExit(SHORT));
        String zero = lb1.awaitLine("sent 0 priority", SHORT);
        lb2.awaitLine("Backup received priority 0 advertisement", SHORT);
        String master = lb2.awaitLine("Entering MASTER STATE", SHORT);
        assertFalse(lab.hasVip("lb1"));
        assertTrue(NetnsLab.await(WAIT_VIP, () -> lab.hasVip("lb2")));
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb2")));
        assertTrue(NetnsLab.await(SHORT, () -> arp.count(GARP_FROM_LB2) >= 5),
                "5 GARPs from lb2 on the wire");
        System.out.printf("FIGURE sigterm: prio-0 advert -> backup MASTER %d ms (Skew_Time 60.9 ms)%n", ms(zero, master));

        // failback with preemption
        lb1 = lab.fulcrum("lb1", args("--prio", "150"));
        String back = lb1.awaitLine("Entering MASTER STATE", NetnsLab.START);
        lb2.awaitLine("Entering BACKUP STATE \\(Master received advert from 10.99.0.11 with higher priority 150, ours 100\\)", SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> lab.hasVip("lb1") && !lab.hasVip("lb2")));
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb1")));
        System.out.printf("FIGURE failback: lb1 start -> MASTER %d ms%n",
                ms(lb1.awaitLine("Entering BACKUP STATE \\(init\\)", SHORT), back));

        // crash: the VIP stays on the dead node (as with keepalived), the backup takes over by timeout
        lb1.signal("KILL");
        lb1.awaitExit(SHORT);
        String kill = lb2.awaitNth("Entering MASTER STATE \\(Receive advertisement timeout\\)", 2, SHORT);
        assertTrue(NetnsLab.await(WAIT_VIP, () -> lab.hasVip("lb2")));
        long garps = arp.count(GARP_FROM_LB2);
        assertTrue(NetnsLab.await(SHORT, () -> arp.count(GARP_FROM_LB2) >= garps + 5), "GARPs after the takeover");
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb2")), "GARP moves the client");
        assertTrue(lab.hasVip("lb1"), "SIGKILL leaves the VIP behind");
        // the restarted director removes the stale VIP before it starts as backup, then preempts
        Fulcrum lb1r = lab.fulcrum("lb1", args("--prio", "150"));
        lb1r.awaitLine("removing VIPs", NetnsLab.START);
        lb1r.awaitLine("Entering MASTER STATE", SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> lab.hasVip("lb1") && !lab.hasVip("lb2")));

        // link down on the master: FAULT at once, VIP removed; the backup takes over by timeout
        lab.inNs("lb1", "ip", "link", "set", "eth0", "down");
        lb1r.awaitLine("Entering FAULT STATE", SHORT);
        lb2.awaitNth("Entering MASTER STATE \\(Receive advertisement timeout\\)", 3, SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb2")));
        assertFalse(lab.hasVip("lb1"));
        lab.inNs("lb1", "ip", "link", "set", "eth0", "up");
        lb1r.awaitLine("Entering BACKUP STATE \\(leaving FAULT state\\)", SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> lb1r.count("Entering MASTER STATE") == 2));
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb1")));
        System.out.println("FIGURE kill line: " + kill);
    }

    @Test
    void nopreemptKeepsTheNewMasterAfterFailback() throws Exception {
        Fulcrum lb1 = lab.fulcrum("lb1", args("--prio", "150", "--nopreempt"));
        lb1.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Fulcrum lb2 = lab.fulcrum("lb2", args("--prio", "100", "--nopreempt"));
        lb2.awaitLine("Entering BACKUP STATE", NetnsLab.START);
        lb1.signal("KILL");
        lb1.awaitExit(SHORT);
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        Fulcrum again = lab.fulcrum("lb1", args("--prio", "150", "--nopreempt"));
        again.awaitLine("Entering BACKUP STATE \\(init\\)", NetnsLab.START);
        Thread.sleep(2000); // 20 advert periods, ~6 Master_Down_Intervals
        assertEquals(0, again.count("Entering MASTER STATE"), "nopreempt: the returning higher priority stays backup");
        assertEquals(1, lb2.count("Entering MASTER STATE"));
        assertTrue(NetnsLab.await(WAIT_VIP, () -> lab.hasVip("lb2")));
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb2")));
    }

    @Test
    void unicastPairFailsOver() throws Exception {
        LogView vrrp = lab.capture("vrrp", "ip proto 112");
        Fulcrum lb1 = lab.fulcrum("lb1", args("--prio", "150", "--src", "10.99.0.11", "--peer", "10.99.0.12"));
        lb1.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Fulcrum lb2 = lab.fulcrum("lb2", args("--prio", "100", "--src", "10.99.0.12", "--peer", "10.99.0.11"));
        lb2.awaitLine("Entering BACKUP STATE", NetnsLab.START);
        Thread.sleep(500);
        assertEquals(0, lb2.count("Entering MASTER"));
        assertTrue(NetnsLab.await(SHORT, () -> vrrp.count("10.99.0.11 > 10.99.0.12: VRRPv3") > 3));
        assertEquals(0, vrrp.count("> 224.0.0.18"), "unicast mode sends no multicast");
        lb1.signal("TERM");
        assertEquals(0, lb1.awaitExit(SHORT));
        lb2.awaitLine("Backup received priority 0 advertisement", SHORT);
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb2")));
    }

    @Test
    void partitionAndHealGiveOneTransitionEachWayWithoutGarpFlapping() throws Exception {
        LogView arp = lab.capture("arp", "arp");
        Fulcrum lb1 = lab.fulcrum("lb1", args("--prio", "150"));
        lb1.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Fulcrum lb2 = lab.fulcrum("lb2", args("--prio", "100"));
        lb2.awaitLine("Entering BACKUP STATE", NetnsLab.START);
        // both takeover bursts of lb1 (at once and 5 s later) are on the wire before we start counting
        assertTrue(NetnsLab.await(Duration.ofSeconds(12), () -> arp.count("02:99:00:00:00:11 > ff:ff:ff:ff:ff:ff") >= 10));
        Thread.sleep(200);
        long garpsBefore = arp.count("02:99:00:00:00:11 > ff:ff:ff:ff:ff:ff");
        // partition: lb2's port leaves the bridge for 2 s (20 advert periods); its link stays up
        lab.sh(10, "ip", "-n", lab.ns("sw"), "link", "set", lab.prefix + "-lb2", "nomaster");
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        Thread.sleep(2000);
        lab.sh(10, "ip", "-n", lab.ns("sw"), "link", "set", lab.prefix + "-lb2", "master", "br0");
        lb2.awaitLine("Entering BACKUP STATE \\(Master received advert", SHORT);
        Thread.sleep(1000);
        assertEquals(1, lb2.count("Entering MASTER STATE"), "exactly one transition to MASTER");
        assertEquals(1, lb2.count("Entering BACKUP STATE \\(Master received"), "exactly one transition back");
        assertEquals(1, lb1.count("Entering MASTER STATE"), "the real master never moved");
        assertEquals(0, lb1.count("Entering BACKUP STATE \\(Master"), "the real master never moved");
        long lb1Garps = arp.count("02:99:00:00:00:11 > ff:ff:ff:ff:ff:ff") - garpsBefore;
        // keepalived answers every lower-priority advert with 5 GARPs; we re-announce once after the heal
        assertTrue(lb1Garps <= 5, "lb1 sent " + lb1Garps + " GARPs around the partition");
        System.out.printf("FIGURE partition: lb1 GARPs around a 2 s partition at 0.1 s adverts: %d%n", lb1Garps);
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb1")));
    }

    @Test
    void ipv6V3PairFailsOverAndUnsolicitedNaMovesTheClient() throws Exception {
        LogView na = lab.capture("na", "icmp6");
        String[] v6 = {"--advert-cs", "10", "--vip", "2001:db8:99::50/64"};
        Fulcrum lb1 = lab.fulcrum("lb1", concat(v6, "--prio", "150"));
        lb1.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Fulcrum lb2 = lab.fulcrum("lb2", concat(v6, "--prio", "100"));
        lb2.awaitLine("Entering BACKUP STATE \\(init\\)", NetnsLab.START);
        Thread.sleep(1000);
        assertEquals(0, lb2.count("Entering MASTER"), "the backup hears the link-local adverts on ff02::12");
        assertTrue(lab.hasVip6("lb1"));
        assertFalse(lab.hasVip6("lb2"));
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees6().equals("lb1")));
        lb1.signal("TERM");
        assertEquals(0, lb1.awaitExit(SHORT));
        lb2.awaitLine("Backup received priority 0 advertisement", SHORT);
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        assertTrue(NetnsLab.await(WAIT_VIP, () -> lab.hasVip6("lb2") && !lab.hasVip6("lb1")));
        assertTrue(NetnsLab.await(SHORT, () -> na.count(
                "02:99:00:00:00:12 > 33:33:00:00:00:01.*2001:db8:99::50 > ff02::1: ICMP6, neighbor advertisement, tgt is 2001:db8:99::50") >= 5),
                "unsolicited NAs from lb2");
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees6().equals("lb2")));
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

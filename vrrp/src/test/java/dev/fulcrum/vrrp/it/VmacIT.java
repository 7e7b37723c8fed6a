package dev.fulcrum.vrrp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.vrrp.it.NetnsLab.Fulcrum;
import dev.fulcrum.vrrp.it.NetnsLab.LogView;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code use_vmac} on the real kernel: each director has the macvlan vrrp.51 with the virtual MAC
 * 00:00:5e:00:01:33; the MASTER's VIP lives on it, its adverts and GARPs leave from that MAC, so the
 * client's ARP entry for the VIP never changes across a failover. Stop removes the macvlan and restores
 * the parent's ARP sysctls.
 */
@Tag("netns")
class VmacIT {
    static final Duration SHORT = Duration.ofSeconds(10);
    /** JVM start (512 MB pre-touched heap) on a host that other jobs may saturate. */
    static final Duration START = Duration.ofSeconds(40);
    static final String VMAC = "00:00:5e:00:01:33";
    NetnsLab lab;

    @BeforeEach
    void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        lab = new NetnsLab("h4vm");
    }

    @AfterEach
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    boolean vipOnVmac(String node) throws IOException {
        return lab.inNs(node, "sh", "-c", "ip -4 addr show dev vrrp.51 2>&1 || true").contains(" " + NetnsLab.VIP + "/");
    }

    String link(String node) throws IOException {
        return lab.inNs(node, "sh", "-c", "ip -d link show vrrp.51 2>&1 || true");
    }

    static String arpLines(LogView wire) throws IOException {
        return "\n" + String.join("\n", wire.lines().stream().filter(l -> l.contains("ARP")).toList());
    }

    @Test
    void theVirtualMacCarriesTheVipAndTheAdvertsAndStaysPutAcrossAFailover() throws Exception {
        LogView wire = lab.capture("vm", "vrrp or arp");
        Fulcrum lb1 = lab.fulcrum("lb1", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "150", "--vmac", "vrrp.51");
        lb1.awaitLine("Entering MASTER STATE", START);
        Fulcrum lb2 = lab.fulcrum("lb2", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "100", "--vmac", "vrrp.51");
        lb2.awaitLine("Entering BACKUP STATE \\(init\\)", START);
        String l1 = link("lb1");
        assertTrue(l1.contains("link/ether " + VMAC) && l1.contains("macvlan mode private") && l1.contains("UP"), l1);
        assertTrue(link("lb2").contains("link/ether " + VMAC), "the backup has its VMAC too");
        assertTrue(NetnsLab.await(SHORT, () -> vipOnVmac("lb1")));
        assertFalse(vipOnVmac("lb2"));
        assertFalse(lab.hasVip("lb1"), "the VIP is on the VMAC, not on eth0");
        assertEquals("1", lab.inNs("lb1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").trim());
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb1")));
        String first = lab.inNs("cl", "ip", "neigh", "show", NetnsLab.VIP);
        assertTrue(first.contains(VMAC), "the client resolved the VIP to the VMAC: " + first + arpLines(wire));
        assertTrue(NetnsLab.await(SHORT, () -> wire.count(VMAC + " > 01:00:5e:00:00:12.*10\\.99\\.0\\.11 > 224\\.0\\.0\\.18: VRRPv3") > 5),
                "adverts leave from the VMAC with the base address as source");
        assertTrue(wire.count("02:99:00:00:00:11 > 01:00:5e:00:00:12") == 0, "no advert from the base MAC");

        lb1.signal("TERM");
        assertEquals(0, lb1.awaitExit(SHORT));
        assertTrue(link("lb1").contains("does not exist"), "stop removes the VMAC");
        assertEquals("0", lab.inNs("lb1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").trim(), "parent sysctl restored");
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> vipOnVmac("lb2")));
        assertTrue(NetnsLab.await(SHORT, () -> wire.count(VMAC + " > ff:ff:ff:ff:ff:ff.*Request who-has 10\\.99\\.0\\.50 .*tell 10\\.99\\.0\\.50") >= 5),
                "GARPs from the VMAC");
        assertTrue(NetnsLab.await(SHORT, () -> lab.clientSees().equals("lb2")));
        String neigh = lab.inNs("cl", "ip", "neigh", "show", NetnsLab.VIP);
        assertTrue(neigh.contains(VMAC), "same MAC after the failover: " + neigh + arpLines(wire));
    }

    @Test
    void vmacXmitBaseSendsAdvertsFromTheBaseMacAndPeersStillHearThem() throws Exception {
        LogView wire = lab.capture("vmx", "vrrp");
        Fulcrum lb1 = lab.fulcrum("lb1", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "150", "--vmac", "vrrp.51",
                "--vmac-xmit-base");
        lb1.awaitLine("Entering MASTER STATE", START);
        Fulcrum lb2 = lab.fulcrum("lb2", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "100", "--vmac", "vrrp.51",
                "--vmac-xmit-base");
        lb2.awaitLine("Entering BACKUP STATE \\(init\\)", START);
        Thread.sleep(1000); // ten master-down intervals of the backup
        assertTrue(lb2.find("Entering MASTER").isEmpty(), "the backup hears the master's adverts on its VMAC");
        assertTrue(NetnsLab.await(SHORT, () -> vipOnVmac("lb1")));
        assertTrue(wire.count("02:99:00:00:00:11 > 01:00:5e:00:00:12") > 5, "adverts from the base MAC");
        assertEquals(0, wire.count(VMAC + " > 01:00:5e:00:00:12"), "none from the VMAC");
    }
}

package dev.fulcrum.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("netns")
class StandardTopologyIT {

    @Test
    void clientReachesEveryRealServerAndTeardownLeavesNothing() {
        String name;
        List<String> namespaces;
        try (NetnsLab lab = NetnsLab.standard("topo", 3)) {
            name = lab.name();
            namespaces = lab.liveNamespaces();
            assertEquals(List.of("client", "lb1", "lb2", "rs1", "rs2", "rs3", "sw").stream().map(lab::namespace).sorted().toList(),
                    namespaces.stream().sorted().toList());
            for (int i = 1; i <= 3; i++) {
                ProcessResult v4 = lab.exec("client", Duration.ofSeconds(10), "curl", "-sS", "-m", "3", "http://192.0.2." + (10 + i) + "/");
                assertEquals("rs" + i + "\n", v4.stdout(), v4.toString());
                ProcessResult v6 = lab.exec("client", Duration.ofSeconds(10), "curl", "-sS", "-m", "3", "http://[2001:db8::" + (10 + i) + "]/");
                assertEquals("rs" + i + "\n", v6.stdout(), v6.toString());
            }
            // directors forward, real servers are DR-ready
            assertEquals("1", lab.exec("lb1", "cat", "/proc/sys/net/ipv4/ip_forward").stdout().trim());
            assertEquals("1", lab.exec("rs2", "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore").stdout().trim());
            // the lab has no way out: no default route anywhere
            assertEquals("", lab.exec("client", "ip", "route", "show", "default").stdout().trim());
        }
        ProcessResult all = Processes.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10));
        for (String ns : namespaces) {
            assertTrue(!all.stdout().contains(ns), ns + " left behind:\n" + all.stdout());
        }
        ProcessResult links = Processes.run(List.of("ip", "-o", "link", "show"), Duration.ofSeconds(10));
        assertTrue(!links.stdout().contains(name), "host links left behind:\n" + links.stdout());
        ProcessResult httpd = Processes.run(List.of("pgrep", "-f", "fulcrum-lab/" + name + "/"), Duration.ofSeconds(10));
        assertEquals("", httpd.stdout().trim(), "httpd processes left behind");
    }

    @Test
    void aSpecBuildsSegmentsRoutesAndBackgroundProcesses() {
        try (NetnsLab lab = NetnsLab.fromSpec("spec", List.of(
                "segment front", "segment back",
                "host a", "link a front eth0 198.51.100.1/24",
                "host r", "link r front eth0 198.51.100.2/24", "link r back eth1 203.0.113.2/24",
                "sysctl r net.ipv4.ip_forward=1",
                "host b", "link b back eth0 203.0.113.1/24",
                "route a 203.0.113.0/24 via 198.51.100.2", "route b 198.51.100.0/24 via 203.0.113.2",
                "httpd b 8080 hello-from-b"))) {
            ProcessResult r = lab.exec("a", Duration.ofSeconds(10), "curl", "-sS", "-m", "3", "http://203.0.113.1:8080/");
            assertEquals("hello-from-b\n", r.stdout(), r.toString());
        }
    }

    @Test
    void aBrokenSpecFailsAndCleansUp() {
        String prefix = "bad";
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> NetnsLab.fromSpec(prefix, List.of("host a", "link a nosuchsegment eth0 192.0.2.1/24")));
        assertTrue(e.getMessage().contains("unknown segment 'nosuchsegment'"), e.getMessage());
        ProcessResult all = Processes.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10));
        assertTrue(all.stdout().lines().noneMatch(l -> l.matches("bad\\d{5}-.*")), "namespaces left behind:\n" + all.stdout());
    }
}

package dev.fulcrum.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.lab.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code vrrp_sync_group} of two instances on two interfaces, run by two real `fulcrum run`
 * directors. The point of a sync group is that its members never split between the nodes: when one
 * interface of the master fails, BOTH instances must move to the backup (both VIPs, announced by GARPs
 * from the backup's MACs), and when the link heals the higher-priority node must take both back, each
 * instance changing hands exactly once in each direction.
 */
@Tag("netns")
class VrrpSyncGroupIT {
    static final String VIP_OUT = "192.0.2.100";
    static final String VIP_IN = "198.51.100.100";
    static final String CONF = """
            global_defs {
            @lb1 router_id lb1
            @lb2 router_id lb2
              vrrp_version 3
              vrrp_garp_master_delay 0
            }
            vrrp_sync_group SG_1 {
              group {
                VI_OUT
                VI_IN
              }
            }
            vrrp_instance VI_OUT {
              state BACKUP
              interface eth0
              virtual_router_id 61
            @lb1 priority 150
            @lb2 priority 100
              advert_int 0.2
              virtual_ipaddress {
                192.0.2.100/24 dev eth0
              }
            }
            vrrp_instance VI_IN {
              state BACKUP
              interface eth1
              virtual_router_id 62
            @lb1 priority 150
            @lb2 priority 100
              advert_int 0.2
              virtual_ipaddress {
                198.51.100.100/24 dev eth1
              }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void oneFailedInterfaceMovesTheWholeGroupAndHealMovesItBack() throws Exception {
        try (NetnsLab lab = NetnsLab.fromSpec("h4sg", List.of(
                "segment out", "segment in",
                "host client", "link client out eth0 192.0.2.10/24",
                "host rs", "link rs in eth0 198.51.100.10/24",
                "host lb1", "link lb1 out eth0 192.0.2.2/24", "link lb1 in eth1 198.51.100.2/24",
                "host lb2", "link lb2 out eth0 192.0.2.3/24", "link lb2 in eth1 198.51.100.3/24"))) {
            Path conf = tmp.resolve("keepalived.conf");
            Files.writeString(conf, CONF);
            String lb2OutMac = mac(lab, "lb2", "eth0");
            String lb2InMac = mac(lab, "lb2", "eth1");
            try (ArpCapture outArp = new ArpCapture(lab, "client", tmp.resolve("out.arp"));
                 ArpCapture inArp = new ArpCapture(lab, "rs", tmp.resolve("in.arp"))) {
                // lb1 first: two JVMs starting together race their first master-down timers
                DirectorProcess lb1 = new DirectorProcess(lab, "lb1", tmp).start(conf);
                DirectorProcess lb2 = new DirectorProcess(lab, "lb2", tmp);
                try (lb1; lb2) {
                    VrrpDirectorPairIT.await("lb1 holds both VIPs", Duration.ofSeconds(60),
                            () -> holds(lab, "lb1", "eth0", VIP_OUT) && holds(lab, "lb1", "eth1", VIP_IN), lb1);
                    lb2.start(conf);
                    VrrpDirectorPairIT.await("lb2 is up and BACKUP", Duration.ofSeconds(60),
                            () -> VrrpDirectorPairIT.statusState(lb2).equals("BACKUP"), lb1, lb2);
                    assertFalse(holds(lab, "lb2", "eth0", VIP_OUT) || holds(lab, "lb2", "eth1", VIP_IN));

                    // the inner link of the master fails: VI_IN goes to FAULT and takes VI_OUT with it
                    assertTrue(lab.exec("lb1", "ip", "link", "set", "eth1", "down").ok());
                    VrrpDirectorPairIT.await("lb2 holds both VIPs", Duration.ofSeconds(10),
                            () -> holds(lab, "lb2", "eth0", VIP_OUT) && holds(lab, "lb2", "eth1", VIP_IN), lb1, lb2);
                    VrrpDirectorPairIT.await("lb1 released VI_OUT although its eth0 is fine", Duration.ofSeconds(5),
                            () -> !holds(lab, "lb1", "eth0", VIP_OUT), lb1, lb2);
                    VrrpDirectorPairIT.await("GARPs for both VIPs from lb2's MACs", Duration.ofSeconds(5),
                            () -> outArp.sawGarp(VIP_OUT, lb2OutMac) && inArp.sawGarp(VIP_IN, lb2InMac), lb1, lb2);
                    assertEquals(1.0, counter(lb2.metrics(), "keepalived_become_master_total", "VI_OUT"), lb2.logText());
                    assertEquals(1.0, counter(lb2.metrics(), "keepalived_become_master_total", "VI_IN"), lb2.logText());
                    assertTrue(lb1.logText().contains("(VI_OUT) Entering FAULT STATE")
                            || lb1.logText().contains("(VI_OUT) Entering BACKUP STATE"), lb1.logText());

                    // heal: lb1 has the higher priority and preempts both instances back
                    assertTrue(lab.exec("lb1", "ip", "link", "set", "eth1", "up").ok());
                    VrrpDirectorPairIT.await("lb1 holds both VIPs again", Duration.ofSeconds(20),
                            () -> holds(lab, "lb1", "eth0", VIP_OUT) && holds(lab, "lb1", "eth1", VIP_IN), lb1, lb2);
                    VrrpDirectorPairIT.await("lb2 released both VIPs", Duration.ofSeconds(5),
                            () -> !holds(lab, "lb2", "eth0", VIP_OUT) && !holds(lab, "lb2", "eth1", VIP_IN), lb1, lb2);
                    Thread.sleep(2_000); // several master-down intervals: any flapping would show in the counters
                    String m2 = lb2.metrics();
                    String m1 = lb1.metrics();
                    for (String vi : List.of("VI_OUT", "VI_IN")) {
                        assertEquals(1.0, counter(m2, "keepalived_become_master_total", vi), vi + " on lb2\n" + lb2.logText());
                        assertEquals(1.0, counter(m2, "keepalived_release_master_total", vi), vi + " on lb2\n" + lb2.logText());
                        assertEquals(2.0, counter(m1, "keepalived_become_master_total", vi), vi + " on lb1\n" + lb1.logText());
                    }
                    assertTrue(holds(lab, "lb1", "eth0", VIP_OUT) && holds(lab, "lb1", "eth1", VIP_IN));
                }
            }
        }
    }

    static boolean holds(NetnsLab lab, String host, String dev, String vip) {
        return lab.exec(host, "ip", "-o", "-4", "addr", "show", "dev", dev).stdout().contains(" " + vip + "/");
    }

    static String mac(NetnsLab lab, String host, String dev) {
        String out = lab.exec(host, "cat", "/sys/class/net/" + dev + "/address").stdout().trim();
        if (!out.matches("[0-9a-f:]{17}")) {
            throw new IllegalStateException(host + " " + dev + " MAC: " + out);
        }
        return out;
    }

    /** The counter's value for one instance (label {@code iname}); 0 when the series does not exist yet. */
    static double counter(String text, String name, String iname) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("iname=\"" + iname + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** tcpdump of ARP frames on a lab host's eth0, with link-level headers (to see the sender MAC). */
    static final class ArpCapture implements AutoCloseable {
        private final Process process;
        private final Path file;

        ArpCapture(NetnsLab lab, String host, Path file) throws IOException, InterruptedException {
            this.file = file;
            this.process = new ProcessBuilder(lab.inHost(host, List.of("tcpdump", "-l", "-n", "-e", "-i", "eth0", "arp")))
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text().contains("listening on") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        }

        String text() {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A gratuitous ARP request (sender = target = VIP) sent from {@code mac}. */
        boolean sawGarp(String vip, String mac) {
            for (String line : text().split("\n")) {
                if (line.startsWith(mac) || line.contains(" " + mac + " >")) {
                    if (line.contains("who-has " + vip + " ") && line.contains("tell " + vip + ",")) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

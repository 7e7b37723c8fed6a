package dev.fulcrum.vrrp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.vrrp.it.NetnsLab.Fulcrum;
import dev.fulcrum.vrrp.it.NetnsLab.Keepalived;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mixed pair: Fulcrum and keepalived 2.2.7 (the Debian package) as VRRP peers, v2 (advert 1 s) and v3
 * (advert 0.1 s), in both role assignments, multicast and unicast, with failover both ways. Each side
 * must accept the other's adverts (checksums, priorities, priority 0) or the assertions on the other's
 * log lines fail.
 */
@Tag("netns")
class KeepalivedInteropIT {
    static final Duration WAIT = Duration.ofSeconds(12);
    static final Duration WAIT_VIP = Duration.ofSeconds(2);
    NetnsLab lab;

    @BeforeEach
    void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "keepalived not installed");
        lab = new NetnsLab("vrrpk");
    }

    @AfterEach
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    static String conf(int version, String state, int prio, String advert, String extra) {
        return """
                global_defs {
                  router_id %s
                  vrrp_version %d
                }
                vrrp_instance VI_1 {
                  state %s
                  interface eth0
                  virtual_router_id 51
                  priority %d
                  advert_int %s
                %s
                  virtual_ipaddress {
                    10.99.0.50/24 dev eth0
                  }
                }
                """.formatted(state.toLowerCase(), version, state, prio, advert, extra);
    }

    static String[] fulcrumArgs(int version, int prio, String... extra) {
        String[] base = {"--prio", Integer.toString(prio), "--version", Integer.toString(version),
            "--advert-cs", version == 2 ? "100" : "10", "--vip", "10.99.0.50/24"};
        String[] out = new String[base.length + extra.length];
        System.arraycopy(base, 0, out, 0, base.length);
        System.arraycopy(extra, 0, out, base.length, extra.length);
        return out;
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {2, 3})
    void fulcrumMasterWithKeepalivedBackup(int version) throws Exception {
        String advert = version == 2 ? "1" : "0.1";
        Fulcrum f = lab.fulcrum("lb1", fulcrumArgs(version, 150));
        f.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Keepalived ka = lab.keepalived("lb2", conf(version, "BACKUP", 100, advert, ""));
        ka.awaitLine("Entering BACKUP STATE", WAIT);
        Thread.sleep(version == 2 ? 4500 : 600); // longer than keepalived's Master_Down_Interval
        assertEquals(0, ka.count("Entering MASTER STATE"), "keepalived accepts our adverts");
        assertEquals(0, ka.count("invalid|wrong|Invalid"), "keepalived rejects nothing of ours");
        assertTrue(NetnsLab.await(WAIT, () -> lab.clientSees().equals("lb1")));

        f.signal("TERM");
        assertEquals(0, f.awaitExit(WAIT));
        ka.awaitLine("Backup received priority 0 advertisement", WAIT);
        ka.awaitLine("Entering MASTER STATE", WAIT);
        assertTrue(NetnsLab.await(WAIT, () -> lab.clientSees().equals("lb2")));

        Fulcrum back = lab.fulcrum("lb1", fulcrumArgs(version, 150));
        back.awaitLine("Entering MASTER STATE", NetnsLab.START);
        ka.awaitLine("Master received advert from 10.99.0.11 with higher priority 150, ours 100", WAIT);
        assertTrue(NetnsLab.await(WAIT, () -> lab.clientSees().equals("lb1")));

        back.signal("KILL");
        back.awaitExit(WAIT);
        ka.awaitNth("Entering MASTER STATE", 2, WAIT);
        assertTrue(NetnsLab.await(WAIT, () -> lab.clientSees().equals("lb2")));
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {2, 3})
    void keepalivedMasterWithFulcrumBackup(int version) throws Exception {
        String advert = version == 2 ? "1" : "0.1";
        Keepalived ka = lab.keepalived("lb1", conf(version, "MASTER", 150, advert, ""));
        ka.awaitLine("Entering MASTER STATE", WAIT);
        Fulcrum f = lab.fulcrum("lb2", fulcrumArgs(version, 100));
        f.awaitLine("Entering BACKUP STATE", NetnsLab.START);
        Thread.sleep(version == 2 ? 4500 : 600);
        assertEquals(0, f.count("Entering MASTER STATE"), "Fulcrum accepts keepalived's adverts");
        assertEquals(0, f.count("rejected advert"), "Fulcrum rejects nothing of keepalived's");
        assertTrue(NetnsLab.await(WAIT, () -> lab.clientSees().equals("lb1")));

        ka.term();
        f.awaitLine("Backup received priority 0 advertisement", WAIT);
        f.awaitLine("Entering MASTER STATE", WAIT);
        assertTrue(NetnsLab.await(WAIT, () -> lab.clientSees().equals("lb2")));
        assertTrue(NetnsLab.await(WAIT, () -> !ka.process.isAlive()));

        Keepalived again = lab.keepalived("lb1", conf(version, "MASTER", 150, advert, ""));
        again.awaitLine("Entering MASTER STATE", WAIT);
        f.awaitLine("Entering BACKUP STATE \\(Master received advert from 10.99.0.11 with higher priority 150, ours 100\\)", WAIT);
        assertTrue(NetnsLab.await(WAIT, () -> lab.clientSees().equals("lb1")));

        again.kill();
        f.awaitNth("Entering MASTER STATE \\(Receive advertisement timeout\\)", 2, WAIT);
        assertTrue(NetnsLab.await(WAIT_VIP, () -> lab.hasVip("lb2")));
    }

    @Test
    void unicastV3BothWays() throws Exception {
        String uni = """
                  unicast_src_ip 10.99.0.12
                  unicast_peer {
                    10.99.0.11
                  }
                """;
        Fulcrum f = lab.fulcrum("lb1", fulcrumArgs(3, 150, "--src", "10.99.0.11", "--peer", "10.99.0.12"));
        f.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Keepalived ka = lab.keepalived("lb2", conf(3, "BACKUP", 100, "0.1", uni));
        ka.awaitLine("Entering BACKUP STATE", WAIT);
        Thread.sleep(600);
        assertEquals(0, ka.count("Entering MASTER STATE"));
        f.signal("TERM");
        assertEquals(0, f.awaitExit(WAIT));
        ka.awaitLine("Backup received priority 0 advertisement", WAIT);
        ka.awaitLine("Entering MASTER STATE", WAIT);
        Fulcrum back = lab.fulcrum("lb1", fulcrumArgs(3, 150, "--src", "10.99.0.11", "--peer", "10.99.0.12"));
        back.awaitLine("Entering MASTER STATE", NetnsLab.START);
        ka.awaitLine("Master received advert from 10.99.0.11 with higher priority 150", WAIT);
        ka.term();
        Thread.sleep(300);
        assertEquals(0, back.count("Entering BACKUP STATE \\(Master"), "Fulcrum kept MASTER");
        assertEquals(0, back.count("rejected advert"));
    }

    @Test
    void passwordMismatchNamesThePeerAndTheReason() throws Exception {
        String auth = """
                  authentication {
                    auth_type PASS
                    auth_pass wrongpw1
                  }
                """;
        Fulcrum f = lab.fulcrum("lb1", fulcrumArgs(2, 150, "--pass", "secret12"));
        f.awaitLine("Entering MASTER STATE", NetnsLab.START);
        Keepalived ka = lab.keepalived("lb2", conf(2, "BACKUP", 100, "1", auth));
        ka.awaitLine("received an invalid passwd!", WAIT);
        String line = f.awaitLine("rejected advert from 10.99.0.12", WAIT);
        assertTrue(line.contains("received an invalid passwd!") && line.contains("auth_failure")
                && line.contains("split-brain"), line);
        ka.awaitLine("Entering MASTER STATE", WAIT); // the silent two-master outcome keepalived also has
        System.out.println("FIGURE auth mismatch log: " + line);
    }
}

package dev.fulcrum.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.lab.NetnsLab;
import dev.fulcrum.lab.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real `fulcrum run` directors with a VRRP-only configuration in the standard lab (the host kernel
 * has no IPVS, so this is also the proof that VRRP runs without it). The client follows the VIP by
 * asking busybox httpd on the directors who answers.
 */
@Tag("netns")
class VrrpDirectorPairIT {
    static final String CONF = """
            global_defs {
            @lb1 router_id lb1
            @lb2 router_id lb2
              vrrp_version 3
            }
            vrrp_instance VI_1 {
            @lb1 state MASTER
            @lb2 state BACKUP
              interface eth0
              virtual_router_id 51
            @lb1 priority 150
            @lb2 priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.100/24 dev eth0
              }
            }
            """;

    @TempDir
    Path tmp;

    static void await(String what, Duration limit, BooleanSupplier cond, DirectorProcess... logs) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        StringBuilder sb = new StringBuilder("timed out after " + limit + " waiting for: " + what);
        for (DirectorProcess d : logs) {
            sb.append("\n--- ").append(d.host).append(" log\n").append(d.logText());
        }
        throw new AssertionError(sb.toString());
    }

    static String whoAnswersVip(NetnsLab lab) {
        ProcessResult r = lab.exec("client", Duration.ofSeconds(5), "curl", "-s", "-m", "1", "http://192.0.2.100/");
        return r.stdout().trim();
    }

    static boolean holdsVip(NetnsLab lab, String host) {
        return lab.exec(host, "ip", "-o", "addr", "show", "dev", "eth0").stdout().contains("192.0.2.100/24");
    }

    static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        if (!found) {
            throw new AssertionError("metric " + name + " not exposed:\n" + text);
        }
        return sum;
    }

    @Test
    void failoverBySigtermAndSigkillAndFailbackWithPreemption() throws Exception {
        try (NetnsLab lab = NetnsLab.fromSpec("vpair", List.of(
                "segment lan",
                "host client", "link client lan eth0 192.0.2.10/24",
                "host lb1", "link lb1 lan eth0 192.0.2.2/24", "httpd lb1 80",
                "host lb2", "link lb2 lan eth0 192.0.2.3/24", "httpd lb2 80"))) {
            Path conf = tmp.resolve("keepalived.conf");
            Files.writeString(conf, CONF);
            DirectorProcess lb1 = new DirectorProcess(lab, "lb1", tmp).start(conf);
            DirectorProcess lb2 = new DirectorProcess(lab, "lb2", tmp).start(conf);
            try (lb1; lb2) {
                await("lb1 MASTER with the VIP, answering the client", Duration.ofSeconds(60),
                        () -> holdsVip(lab, "lb1") && "lb1".equals(whoAnswersVip(lab)), lb1, lb2);
                await("lb2 control socket", Duration.ofSeconds(60), () -> statusState(lb2).equals("BACKUP"), lb1, lb2);
                assertFalse(holdsVip(lab, "lb2"));
                Map<String, Object> st = lb1.status();
                Map<?, ?> vi = (Map<?, ?>) ((List<?>) st.get("vrrp")).get(0);
                assertEquals("VI_1", vi.get("name"));
                assertEquals("MASTER", vi.get("state"));
                assertEquals(150L, vi.get("basePriority"));
                assertEquals(1.0, metric(lb1.metrics(), "keepalived_become_master_total"));
                assertEquals(2.0, metric(lb1.metrics(), "keepalived_vrrp_state"));

                // graceful stop: priority 0, VIP removed, lb2 takes over after Skew_Time, exit 0
                lb1.signal("TERM");
                assertEquals(0, lb1.waitForExit(Duration.ofSeconds(10)));
                await("lb2 takes over after lb1's SIGTERM", Duration.ofSeconds(5), () -> "lb2".equals(whoAnswersVip(lab)), lb1, lb2);
                assertFalse(holdsVip(lab, "lb1"), "a stopped director leaves no VIP behind");
                assertTrue(metric(lb2.metrics(), "keepalived_priority_zero_received_total") >= 1.0);

                // lb1 comes back with the higher priority and preempts
                double releasedBefore = metric(lb2.metrics(), "keepalived_release_master_total");
                DirectorProcess lb1b = new DirectorProcess(lab, "lb1", tmp.resolve("second")).start(conf);
                try (lb1b) {
                    await("lb1 preempts back", Duration.ofSeconds(60), () -> holdsVip(lab, "lb1") && "lb1".equals(whoAnswersVip(lab)), lb1b, lb2);
                    await("lb2 releases the VIP", Duration.ofSeconds(5), () -> !holdsVip(lab, "lb2"), lb1b, lb2);
                    assertEquals(releasedBefore + 1.0, metric(lb2.metrics(), "keepalived_release_master_total"));

                    // SIGKILL: no priority 0; lb2 takes over after the master-down interval
                    lb1b.signal("KILL");
                    lb1b.waitForExit(Duration.ofSeconds(10));
                    await("lb2 takes over after SIGKILL", Duration.ofSeconds(5), () -> holdsVip(lab, "lb2"), lb1b, lb2);
                    assertEquals("MASTER", statusState(lb2));
                }
            }
        }
    }

    static String statusState(DirectorProcess d) {
        try {
            Map<String, Object> st = d.status();
            List<?> v = (List<?>) st.get("vrrp");
            return v.isEmpty() ? "" : String.valueOf(((Map<?, ?>) v.get(0)).get("state"));
        } catch (Exception e) {
            return "";
        }
    }
}

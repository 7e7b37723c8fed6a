package dev.fulcrum.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.lab.KernelTest;
import dev.fulcrum.lab.NetnsLab;
import dev.fulcrum.lab.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The director pair end to end on a real IPVS kernel: two `fulcrum run` processes (DR) in front of real
 * busybox servers, with real client traffic. One scenario, in order, because each VM boot is expensive.
 */
@KernelTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectorKernelIT {
    static final String VIP = "192.0.2.100";

    static String config(boolean reloaded) {
        String rsA = reloaded
                ? "  real_server 192.0.2.11 80 { weight 1\n    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n    }\n  }\n"
                + "  real_server 192.0.2.12 80 { weight 3\n    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n    }\n  }\n"
                + "  real_server 192.0.2.13 80 { weight 1\n    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n    }\n  }\n"
                : "  real_server 192.0.2.11 80 { weight 1\n    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n    }\n  }\n"
                + "  real_server 192.0.2.12 80 { weight 1\n    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n    }\n  }\n";
        String serviceC = reloaded ? "" : """
                virtual_server 192.0.2.100 81 {
                  delay_loop 2
                  lb_algo rr
                  lb_kind DR
                  protocol TCP
                  real_server 192.0.2.12 81 { weight 1
                    TCP_CHECK { }
                  }
                }
                """;
        return """
                global_defs {
                @lb1 router_id lb1
                @lb2 router_id lb2
                  lvs_sync_daemon eth0 VI_1
                }
                vrrp_instance VI_1 {
                @lb1 state MASTER
                @lb2 state BACKUP
                  interface eth0
                  virtual_router_id 51
                @lb1 priority 150
                @lb2 priority 100
                  advert_int 1
                  virtual_ipaddress {
                    192.0.2.100/24 dev eth0
                  }
                }
                virtual_server 192.0.2.100 80 {
                  delay_loop 1
                  lb_algo rr
                  lb_kind DR
                  protocol TCP
                  connect_timeout 3
                  retry 2
                  delay_before_retry 1
                """ + rsA + """
                }
                virtual_server 192.0.2.100 8080 {
                  delay_loop 1
                  lb_algo rr
                  lb_kind DR
                  protocol TCP
                  quorum 2
                  sorry_server 192.0.2.30 8080
                  connect_timeout 3
                  retry 2
                  delay_before_retry 1
                  real_server 192.0.2.11 8080 { weight 1
                    TCP_CHECK { }
                  }
                  real_server 192.0.2.12 8080 { weight 1
                    TCP_CHECK { }
                  }
                }
                virtual_server 192.0.2.100 7000 {
                  delay_loop 2
                  lb_algo rr
                  lb_kind DR
                  protocol TCP
                  real_server 192.0.2.11 7000 { weight 1
                    TCP_CHECK { connect_timeout 3 }
                  }
                }
                """ + serviceC;
    }

    /** A line echo server for the long-lived connection of the sync test. */
    static final String ECHO_SERVER_CODE = String.join("\n",
            "import socketserver",
            "class H(socketserver.StreamRequestHandler):",
            "    def handle(self):",
            "        for line in self.rfile:",
            "            self.wfile.write(line)",
            "            self.wfile.flush()",
            "socketserver.ThreadingTCPServer.allow_reuse_address = True",
            "socketserver.ThreadingTCPServer(('0.0.0.0', 7000), H).serve_forever()", "");
    /** One TCP connection to the VIP, one line every 200 ms; prints "ok N" per echo, "error ..." once on failure. */
    static final String ECHO_CLIENT_CODE = String.join("\n",
            "import socket, sys, time",
            "s = socket.create_connection(('192.0.2.100', 7000), timeout=5)",
            "f = s.makefile('rw')",
            "for i in range(int(sys.argv[1])):",
            "    try:",
            "        f.write('ping %d\\n' % i); f.flush()",
            "        if f.readline().strip() != 'ping %d' % i: raise Exception('bad echo')",
            "        print('ok', i, flush=True)",
            "    except Exception as e:",
            "        print('error', i, e, flush=True); sys.exit(1)",
            "    time.sleep(0.2)", "");
    static String ECHO_SERVER = "/tmp/fulcrum-echo-server.py";
    static String ECHO_CLIENT = "/tmp/fulcrum-echo-client.py";

    static NetnsLab lab;
    static DirectorProcess lb1;
    static DirectorProcess lb2;
    static Path conf;
    static Path base;

    @TempDir
    static Path tmp;

    static List<String> spec() {
        List<String> s = new ArrayList<>(List.of("segment lan", "host client", "link client lan eth0 192.0.2.10/24",
                "host lb1", "link lb1 lan eth0 192.0.2.2/24", "host lb2", "link lb2 lan eth0 192.0.2.3/24"));
        for (String[] rs : new String[][] {{"rs1", "11"}, {"rs2", "12"}, {"rs3", "13"}, {"sorry", "30"}}) {
            s.add("host " + rs[0]);
            s.add("link " + rs[0] + " lan eth0 192.0.2." + rs[1] + "/24");
            s.add("addr " + rs[0] + " lo " + VIP + "/32");
            s.add("sysctl " + rs[0] + " net.ipv4.conf.all.arp_ignore=1");
            s.add("sysctl " + rs[0] + " net.ipv4.conf.all.arp_announce=2");
        }
        s.add("run rs1 python3 " + ECHO_SERVER);
        s.addAll(List.of("httpd rs1 80", "httpd rs2 80", "httpd rs3 80", "httpd rs1 8080", "httpd rs2 8080", "httpd rs2 81",
                "httpd sorry 8080 sorry"));
        return s;
    }

    static void await(String what, Duration limit, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + limit + " waiting for: " + what + "\n--- lb1\n" + tail(lb1) + "\n--- lb2\n" + tail(lb2)
                + "\n--- lb1 table\n" + table("lb1") + "\n--- lb2 table\n" + table("lb2"));
    }

    static String tail(DirectorProcess d) {
        if (d == null) {
            return "";
        }
        String t = d.logText();
        return t.length() > 4000 ? t.substring(t.length() - 4000) : t;
    }

    static String table(String host) {
        return lab.exec(host, Duration.ofSeconds(20), "ipvsadm", "-Ln").stdout();
    }

    static String get(int port) {
        ProcessResult r = lab.exec("client", Duration.ofSeconds(10), "curl", "-s", "-m", "2", "http://" + VIP + ":" + port + "/");
        return r.ok() ? r.stdout().trim() : "FAIL(" + r.exitCode() + ")";
    }

    static void stopHttpd(String host, int port) {
        lab.exec(host, "pkill", "-f", "fulcrum-lab/" + lab.name() + "/www-" + host + "-" + port + "$").orThrow();
    }

    static void startHttpd(String host, int port) throws IOException {
        new ProcessBuilder(lab.inHost(host, List.of("/bin/busybox", "httpd", "-f", "-p", Integer.toString(port), "-h",
                "/run/fulcrum-lab/" + lab.name() + "/www-" + host + "-" + port))).start();
    }

    @Test
    @Order(1)
    void bothDirectorsProgramTheTableAndTheClientIsBalanced() throws Exception {
        Files.writeString(Path.of(ECHO_SERVER), ECHO_SERVER_CODE);
        Files.writeString(Path.of(ECHO_CLIENT), ECHO_CLIENT_CODE);
        lab = NetnsLab.fromSpec("dk", spec());
        base = tmp;
        conf = tmp.resolve("keepalived.conf");
        Files.writeString(conf, config(false));
        lb1 = new DirectorProcess(lab, "lb1", tmp).start(conf);
        lb2 = new DirectorProcess(lab, "lb2", tmp).start(conf);
        for (String h : List.of("lb1", "lb2")) {
            await(h + " programs both real servers of :80", Duration.ofSeconds(240), () -> {
                String t = table(h);
                return t.contains("TCP  192.0.2.100:80 rr") && t.contains("192.0.2.11:80") && t.contains("192.0.2.12:80")
                        && t.contains("TCP  192.0.2.100:81 rr");
            });
        }
        await("lb1 holds the VIP", Duration.ofSeconds(60), () -> lab.exec("lb1", "ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(VIP));
        await("client served through the VIP", Duration.ofSeconds(30), () -> get(80).startsWith("rs"));
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(get(80));
        }
        assertTrue(answers.contains("rs1") && answers.contains("rs2"), "round robin over both: " + answers);
        // the kernel's counters reach /metrics (2 s estimator + the stats refresh)
        await("IPVS connection counters exposed", Duration.ofSeconds(60),
                () -> metricValue(lb1.metrics(), "fulcrum_ipvs_service_connections_total{service=\"TCP 192.0.2.100:80\"}") >= 6);
        assertTrue(metricValue(lb1.metrics(), "fulcrum_ipvs_realserver_connections_total{real_server=\"192.0.2.11:80\",service=\"TCP 192.0.2.100:80\"}") >= 1);
        assertEquals(1.0, metricValue(lb1.metrics(), "fulcrum_realserver_up{real_server=\"192.0.2.11:80\",virtual_server=\"[192.0.2.100]:tcp:80\"}"));
    }

    /** The destination is absent from the table, or present with weight 0 while it drains. */
    static boolean takesNoNewConnections(String table, String dest) {
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].equals("->") && f[1].equals(dest)) {
                if (!f[3].equals("0")) {
                    return false;
                }
            }
        }
        return true;
    }

    static double metricValue(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    @Test
    @Order(2)
    void aStoppedRealServerLeavesBothTablesAndTrafficContinues() throws Exception {
        stopHttpd("rs1", 80);
        for (String h : List.of("lb1", "lb2")) {
            // a failed server is drained: weight 0 at once (no new connections), deleted when its connections end
            await("rs1:80 leaves " + h, Duration.ofSeconds(60), () -> takesNoNewConnections(table(h), "192.0.2.11:80"));
        }
        for (int i = 0; i < 6; i++) {
            assertEquals("rs2", get(80), "every request is served by the remaining server");
        }
        Map<String, Object> st = lb1.status();
        Map<?, ?> svc = (Map<?, ?>) ((List<?>) st.get("services")).get(0);
        Map<?, ?> rs1 = (Map<?, ?>) ((List<?>) svc.get("realServers")).get(0);
        assertEquals("192.0.2.11:80", rs1.get("address"));
        assertEquals(false, rs1.get("up"));
        assertEquals(0.0, metricValue(lb1.metrics(), "fulcrum_realserver_up{real_server=\"192.0.2.11:80\",virtual_server=\"[192.0.2.100]:tcp:80\"}"));
        startHttpd("rs1", 80);
        for (String h : List.of("lb1", "lb2")) {
            await("rs1:80 comes back to " + h, Duration.ofSeconds(60), () -> !takesNoNewConnections(table(h), "192.0.2.11:80"));
        }
        String metrics = lb1.metrics();
        assertTrue(metrics.contains("fulcrum_realserver_transitions_total{real_server=\"192.0.2.11:80\",to=\"down\",virtual_server=\"[192.0.2.100]:tcp:80\"} 1.0"), metrics);
    }

    @Test
    @Order(3)
    void quorumLossSwapsInTheSorryServerAndBack() throws Exception {
        stopHttpd("rs1", 8080);
        await("sorry server serves :8080 on lb1", Duration.ofSeconds(60), () -> table("lb1").contains("192.0.2.30:8080"));
        await("the client gets the sorry page", Duration.ofSeconds(30), () -> "sorry".equals(get(8080)));
        Map<?, ?> svc = (Map<?, ?>) ((List<?>) lb1.status().get("services")).get(1);
        assertEquals(false, svc.get("quorumUp"));
        assertEquals(true, svc.get("sorryServerActive"));
        assertTrue(lb1.metrics().contains("fulcrum_quorum_transitions_total{to=\"down\",virtual_server=\"[192.0.2.100]:tcp:8080\"} 1.0"));
        startHttpd("rs1", 8080);
        await("sorry server leaves", Duration.ofSeconds(60),
                () -> takesNoNewConnections(table("lb1"), "192.0.2.30:8080") && !takesNoNewConnections(table("lb1"), "192.0.2.11:8080"));
        await("the client is served by the real servers again", Duration.ofSeconds(30), () -> get(8080).startsWith("rs"));
    }

    @Test
    @Order(4)
    void aReloadUnderTrafficAppliesOnlyTheDifference() throws Exception {
        // earlier steps left destinations draining; their deletion must not be counted as part of the reload
        for (String h : List.of("lb1", "lb2")) {
            await("drains on " + h + " finish", Duration.ofSeconds(120), () -> !table(h).matches("(?s).*->\\s+\\S+\\s+\\w+\\s+0\\s.*"));
        }
        double before1 = ops(lb1);
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread traffic = new Thread(() -> {
            while (run.get()) {
                String a = get(80);
                if (a.startsWith("rs")) {
                    ok.incrementAndGet();
                } else {
                    failures.add(a);
                }
            }
        });
        traffic.start();
        try {
            Thread.sleep(1000);
            Files.writeString(conf, config(true));
            Map<String, Object> r1 = lb1.reload();
            Map<String, Object> r2 = lb2.reload();
            assertEquals(true, r1.get("ok"), r1.toString());
            assertEquals(true, r2.get("ok"), r2.toString());
            assertEquals(2L, r1.get("generation"));
            for (String h : List.of("lb1", "lb2")) {
                await(h + " applies the reload", Duration.ofSeconds(60), () -> {
                    String t = table(h);
                    return t.contains("192.0.2.13:80 ") && t.matches("(?s).*192\\.0\\.2\\.12:80\\s+Route\\s+3.*") && !t.contains("192.0.2.100:81");
                });
            }
            Thread.sleep(1500);
        } finally {
            run.set(false);
            traffic.join(20_000);
        }
        assertTrue(ok.get() > 0, "traffic ran");
        assertEquals(List.of(), failures, "the unchanged service saw no failed request");
        assertEquals(3.0, ops(lb1) - before1, "one add, one weight update and one service delete reached the kernel");
        // a broken reload keeps everything
        String good = table("lb1");
        Files.writeString(conf, config(true).replace("lb_algo rr", "lb_algo rr {"));
        Map<String, Object> bad = lb1.reload();
        assertEquals(false, bad.get("ok"));
        assertEquals(2L, bad.get("generation"));
        Thread.sleep(1500);
        assertEquals(strip(good), strip(table("lb1")));
        assertTrue(lb1.metrics().contains("fulcrum_reloads_total{result=\"failure\"} 1.0"));
        Files.writeString(conf, config(true));
    }

    @Test
    @Order(5)
    void killingTheMasterMovesTheVipAndNewConnectionsSucceed() throws Exception {
        // a long-lived connection through the master, synced to the backup by the kernel sync daemon
        Path out = tmp.resolve("echo-client.out");
        Process echo = new ProcessBuilder(lab.inHost("client", List.of("python3", ECHO_CLIENT, "300")))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        await("the echo connection runs", Duration.ofSeconds(30), () -> lines(out).stream().anyMatch(l -> l.startsWith("ok 3")));
        await("lb2 holds the synced connection", Duration.ofSeconds(30),
                () -> lab.exec("lb2", Duration.ofSeconds(20), "ipvsadm", "-Lnc").stdout().contains("192.0.2.100:7000"));
        lb1.signal("KILL");
        lb1.waitForExit(Duration.ofSeconds(30));
        await("lb2 takes the VIP", Duration.ofSeconds(60), () -> lab.exec("lb2", "ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(VIP));
        // the killed director leaves its VIP behind (as keepalived does); remove it as its restart would
        lab.exec("lb1", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        lab.exec("client", "ip", "neigh", "flush", "all");
        await("the client is served through lb2", Duration.ofSeconds(30), () -> get(80).startsWith("rs"));
        Map<?, ?> vi = (Map<?, ?>) ((List<?>) lb2.status().get("vrrp")).get(0);
        assertEquals("MASTER", vi.get("state"));
        int before = lines(out).size();
        await("the same connection keeps exchanging data through lb2", Duration.ofSeconds(30), () -> lines(out).size() >= before + 10);
        echo.destroy();
        assertTrue(lines(out).stream().noneMatch(l -> l.startsWith("error")), "the connection survived the failover: " + lines(out));
        assertEquals("master", ((Map<?, ?>) lb2.status().get("syncDaemon")).get("role"));
    }

    static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    @Order(6)
    void sigtermLeavesNothingBehind() throws Exception {
        lb2.signal("TERM");
        assertEquals(0, lb2.waitForExit(Duration.ofSeconds(60)));
        assertFalse(table("lb2").contains("TCP"), "owned services removed:\n" + table("lb2"));
        assertFalse(lab.exec("lb2", "ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(VIP));
        lab.close();
    }

    static double ops(DirectorProcess d) {
        double sum = 0;
        for (String line : d.metrics().split("\n")) {
            if (line.startsWith("fulcrum_ipvs_operations_total{") && line.contains("result=\"ok\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static String strip(String table) {
        return table.replaceAll("\\s+\\d+\\s+\\d+\\s*$", "").replaceAll("(?m)\\s+\\d+\\s+\\d+\\s*$", "");
    }
}

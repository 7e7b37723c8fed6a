package dev.fulcrum.vrrp.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Failover benchmark, Fulcrum and keepalived side by side in the same lab run (anchors.md §1): lb1
 * MASTER 150, lb2 BACKUP 100, VIP 10.99.0.50; triggers SIGKILL, link down and SIGTERM.
 *
 * <p>Why it is built this way: for kill and link down the outage spans [MDI − advert_int, MDI]
 * depending on where in lb1's advert cycle the trigger lands, so with a random phase a few runs cannot
 * tell two implementations apart. Here a tcpdump in lb2's namespace ({@link WireTap}) follows lb1's
 * adverts and a real-time thread fires the trigger at a fixed offset after one (phases 0.1, 0.3, 0.5,
 * 0.7, 0.9 of the interval, run r gets phase r mod 5), the same phases for both implementations, which
 * alternate run by run (F K, K F, ...) so drift in machine load hits both alike. The trigger is one
 * system call in this process (kill(2) through {@link ProcessHandle}, or a line written to an already
 * running {@code ip -batch -}), the same for both; t0 is read right after it returns.
 *
 * <p>Measured per run: trigger → first client answer from lb2 (ClientProbe, 10 ms polling), trigger →
 * lb2's first ARP for the VIP on the wire (its GARP: the takeover, kernel timestamps), lb1's last advert
 * → that GARP, and the phase actually hit. Prints per cell min / median / max and the paired
 * differences Fulcrum − keepalived per run. Run as root with the test class path:
 * {@code java -cp ... dev.fulcrum.vrrp.it.FailoverBenchmark [runs] [configs] [triggers]} (configs e.g. "v2:100,v3:10",
 * triggers e.g. "kill,ifdown"; all three by default).
 */
public final class FailoverBenchmark {
    static final double[] PHASES = {0.1, 0.3, 0.5, 0.7, 0.9};

    record Result(String impl, String config, String trigger, int run, double phase, double phaseHit, double served,
                  double garp, double advToGarp, double lb2Advert) {
    }

    /** One prepared trigger: fire() does the system call and returns t0 (µs since the epoch). */
    interface Trigger {
        long fire() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String configs = args.length > 1 ? args[1] : "v2:100,v3:100,v3:10,v3:2";
        List<String> triggers = args.length > 2 ? List.of(args[2].split(",")) : List.of("kill", "ifdown", "term");
        System.out.println("start: " + NetnsLab.sh(5, "uptime").trim());
        List<Result> results = new ArrayList<>();
        ExecutorService trigger = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trigger");
            t.setDaemon(true);
            return t;
        });
        String rt = trigger.submit(() -> dev.fulcrum.net.ip.RealtimeScheduling.promoteCurrentThread(20)).get();
        System.out.println("trigger thread SCHED_RR 20: " + (rt == null ? "ok" : rt));
        try (NetnsLab lab = new NetnsLab("hAfb");
             WireTap tap = WireTap.start(lab.ns("lb2"), lab.dir.resolve("lb2-wire.txt"))) {
            lab.start("cl", "probe", List.of("java", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    ClientProbe.class.getName(), NetnsLab.VIP, "7200"));
            for (String c : configs.split(",")) {
                int version = Integer.parseInt(c.substring(1, 2));
                int cs = Integer.parseInt(c.substring(3));
                System.out.println(c + " load: " + Files.readString(Path.of("/proc/loadavg")).trim());
                for (String trig : triggers) {
                    for (int r = 0; r < runs; r++) {
                        List<String> order = r % 2 == 0 ? List.of("fulcrum", "keepalived") : List.of("keepalived", "fulcrum");
                        for (String impl : order) {
                            Result res = null;
                            for (int attempt = 1; res == null; attempt++) {
                                try {
                                    res = once(lab, tap, trigger, impl, version, cs, trig, r);
                                } catch (Exception | AssertionError e) {
                                    // a start that failed on the loaded host: redo the run, keep the pairing
                                    System.out.println("run failed (" + impl + " " + c + " " + trig + " " + r
                                            + ", attempt " + attempt + "): " + e.toString().lines().findFirst().orElse(""));
                                    if (attempt == 3) {
                                        throw e;
                                    }
                                }
                            }
                            System.out.printf("%-10s %-7s %-6s run %2d phase %.1f hit %.2f served %.4f garp %.4f"
                                            + " lastAdvert→garp %.4f lb2 first advert %.4f%n", impl, c, trig, r, res.phase(),
                                    res.phaseHit(), res.served(), res.garp(), res.advToGarp(), res.lb2Advert());
                            results.add(res);
                        }
                    }
                }
            }
        } finally {
            trigger.shutdownNow();
        }
        System.out.println("end: " + NetnsLab.sh(5, "uptime").trim());
        print(results);
    }

    static long nowMicros() {
        Instant n = Instant.now();
        return n.getEpochSecond() * 1_000_000L + n.getNano() / 1000;
    }

    static Result once(NetnsLab lab, WireTap tap, ExecutorService triggerThread, String impl, int version, int cs,
                       String trigger, int run) throws Exception {
        String cfg = "v" + version + ":" + cs;
        long period = cs * 10_000L;
        Path probe = lab.dir.resolve("probe.log");
        NetnsLab.LogView lb1;
        NetnsLab.LogView lb2;
        if (impl.equals("fulcrum")) {
            String[] a1 = {"--prio", "150", "--version", "" + version, "--advert-cs", "" + cs, "--vip", "10.99.0.50/24"};
            String[] a2 = a1.clone();
            a2[1] = "100";
            lb1 = lab.fulcrum("lb1", a1);
            lb2 = lab.fulcrum("lb2", a2);
        } else {
            String adv = cs % 100 == 0 ? Integer.toString(cs / 100) : String.format("%.2f", cs / 100.0);
            lb1 = lab.keepalived("lb1", KeepalivedInteropIT.conf(version, "MASTER", 150, adv, ""));
            lb2 = lab.keepalived("lb2", KeepalivedInteropIT.conf(version, "BACKUP", 100, adv, ""));
        }
        Trigger fire;
        Process ipBatch = null;
        try {
            lb1.awaitLine("Entering MASTER STATE", NetnsLab.START);
            lb2.awaitLine("Entering BACKUP STATE", NetnsLab.START);
            if (!NetnsLab.await(Duration.ofSeconds(20), () -> lastAnswer(probe).equals("lb1") && !lab.hasVip("lb2"))) {
                throw new IllegalStateException(impl + " " + cfg + ": client never settled on lb1");
            }
            // steady adverts from lb1 (and none from lb2) for a while before the trigger
            Thread.sleep(Math.max(800, 3 * period / 1000));
            long now = nowMicros();
            if (!NetnsLab.await(Duration.ofSeconds(5), () -> tap.count(WireTap.Kind.ADVERT_LB1, nowMicros() - 3 * period,
                    nowMicros()) >= 2 && tap.count(WireTap.Kind.ADVERT_LB2, now - 3 * period, nowMicros()) == 0)) {
                throw new IllegalStateException(impl + " " + cfg + ": lb1 not advertising steadily");
            }
            ProcessHandle main = lb1 instanceof NetnsLab.Fulcrum f ? f.process.toHandle()
                    : ((NetnsLab.Keepalived) lb1).process.toHandle();
            switch (trigger) {
                case "kill" -> {
                    if (lb1 instanceof NetnsLab.Keepalived k) {
                        // the VRRP child first (it is the one that sends); the parent at once after, so it
                        // cannot respawn it
                        ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(k.vrrpPid).trim()))
                                .orElseThrow();
                        fire = () -> {
                            child.destroyForcibly();
                            long t = nowMicros();
                            main.destroyForcibly();
                            return t;
                        };
                    } else {
                        fire = () -> {
                            main.destroyForcibly();
                            return nowMicros();
                        };
                    }
                }
                case "term" -> fire = () -> {
                    main.destroy();
                    return nowMicros();
                };
                default -> {
                    Process p = new ProcessBuilder("ip", "-n", lab.ns("lb1"), "-batch", "-").redirectErrorStream(true)
                            .start();
                    ipBatch = p;
                    Thread.sleep(300); // up and blocked reading its stdin before the trigger
                    OutputStream in = p.getOutputStream();
                    byte[] cmd = "link set dev eth0 down\n".getBytes(StandardCharsets.US_ASCII);
                    fire = () -> {
                        in.write(cmd);
                        in.flush();
                        return nowMicros();
                    };
                }
            }
        } catch (RuntimeException | Error | IOException | InterruptedException e) {
            reset(lab, lb1, lb2);
            throw e;
        }
        try {
            return fire(lab, tap, triggerThread, impl, cfg, trigger, period, run, fire, ipBatch);
        } finally {
            reset(lab, lb1, lb2);
        }
    }

    /** Fires the armed trigger at the run's phase of lb1's advert cycle and reads the outcome off the wire. */
    static Result fire(NetnsLab lab, WireTap tap, ExecutorService triggerThread, String impl, String cfg,
                       String trigger, long period, int run, Trigger fire, Process ipBatch) throws Exception {
        Path probe = lab.dir.resolve("probe.log");
        double phase = PHASES[run % PHASES.length];
        Trigger armed = fire;
        long[] fired = triggerThread.submit(() -> {
            long last = tap.latest(WireTap.Kind.ADVERT_LB1).orElseThrow();
            long target = last + Math.round(phase * period);
            while (target < nowMicros() + 3000) {
                target += period;
            }
            for (long n = nowMicros(); n < target - 2000; n = nowMicros()) {
                LockSupport.parkNanos((target - 2000 - n) * 1000);
            }
            while (nowMicros() < target) {
                Thread.onSpinWait();
            }
            return new long[] {armed.fire(), target};
        }).get(30, TimeUnit.SECONDS);
        long t0 = fired[0];
        if (ipBatch != null) {
            ipBatch.getOutputStream().close();
            if (!ipBatch.waitFor(10, TimeUnit.SECONDS) || ipBatch.exitValue() != 0) {
                throw new IllegalStateException("ip -batch failed: " + new String(ipBatch.getInputStream().readAllBytes()));
            }
        }
        NetnsLab.await(Duration.ofSeconds(20), () -> firstAfter(probe, t0, "lb2") > 0
                && tap.firstAfter(t0, WireTap.Kind.ARP_LB2_VIP).isPresent());
        Thread.sleep(200);
        long served = firstAfter(probe, t0, "lb2");
        OptionalLong garp = tap.firstAfter(t0, WireTap.Kind.ARP_LB2_VIP);
        OptionalLong lastAdv = tap.lastAtOrBefore(t0, WireTap.Kind.ADVERT_LB1);
        OptionalLong lb2Advert = tap.firstAfter(t0, WireTap.Kind.ADVERT_LB2);
        OptionalLong lastAny = garp.isPresent()
                ? tap.lastAtOrBefore(garp.getAsLong(), WireTap.Kind.ADVERT_LB1, WireTap.Kind.ADVERT_LB1_PRIO0)
                : OptionalLong.empty();
        return new Result(impl, cfg, trigger, run, phase,
                lastAdv.isPresent() ? (t0 - lastAdv.getAsLong()) / (double) period : Double.NaN,
                served > 0 ? (served - t0) / 1e6 : Double.NaN,
                garp.isPresent() ? (garp.getAsLong() - t0) / 1e6 : Double.NaN,
                garp.isPresent() && lastAny.isPresent() ? (garp.getAsLong() - lastAny.getAsLong()) / 1e6 : Double.NaN,
                lb2Advert.isPresent() ? (lb2Advert.getAsLong() - t0) / 1e6 : Double.NaN);
    }

    /**
     * Both down, lb1's link up, VIPs gone. keepalived's parent respawns a VRRP child that dies before it,
     * and a respawned child outlives its parent, so every keepalived of this lab (found by the lab
     * directory in its command line, killed by pid) is gone, and its pid files with it, before the next
     * start ("daemon is already running" otherwise).
     */
    static void reset(NetnsLab lab, NetnsLab.LogView... nodes) throws Exception {
        for (NetnsLab.LogView o : nodes) {
            if (o instanceof NetnsLab.Fulcrum f) {
                f.process.destroyForcibly();
                f.process.waitFor();
            } else {
                NetnsLab.Keepalived k = (NetnsLab.Keepalived) o;
                List<ProcessHandle> kids = k.process.toHandle().descendants().toList();
                k.process.destroyForcibly();
                kids.forEach(ProcessHandle::destroyForcibly);
                k.process.waitFor();
            }
        }
        String dir = lab.dir.toString();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            List<ProcessHandle> strays = ProcessHandle.allProcesses()
                    .filter(h -> h.info().command().orElse("").endsWith("keepalived")
                            && h.info().commandLine().orElse("").contains(dir)).toList();
            if (strays.isEmpty()) {
                break;
            }
            strays.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(50);
        }
        for (NetnsLab.LogView o : nodes) {
            if (o instanceof NetnsLab.Keepalived k) {
                Files.deleteIfExists(k.pid);
                Files.deleteIfExists(k.vrrpPid);
            }
        }
        lab.inNs("lb1", "ip", "link", "set", "eth0", "up");
        for (String n : List.of("lb1", "lb2")) {
            try {
                lab.inNs(n, "ip", "addr", "del", "10.99.0.50/24", "dev", "eth0");
            } catch (IOException ignored) {
                // not there
            }
        }
        Thread.sleep(300);
    }

    private static final List<long[]> ANSWERS = new ArrayList<>();
    private static long probeRead;

    /**
     * Client answers so far: {sendEpochMicros, 1 = lb1, 2 = lb2, 0 = failure}. Reads only what the probe
     * appended since the last call: the log grows by 100 lines a second and is polled every 20 ms, so
     * re-reading it whole would load the host the benchmark measures.
     */
    static synchronized List<long[]> answers(Path probe) throws IOException {
        if (Files.exists(probe)) {
            try (var ch = java.nio.channels.FileChannel.open(probe)) {
                long size = ch.size();
                if (size > probeRead) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) (size - probeRead));
                    while (b.hasRemaining() && ch.read(b, probeRead + b.position()) > 0) {
                        // read to the end
                    }
                    String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
                    int lastNl = text.lastIndexOf('\n');
                    if (lastNl >= 0) {
                        probeRead += lastNl + 1;
                        for (String l : text.substring(0, lastNl).split("\n")) {
                            String[] p = l.split(" ");
                            if (p.length == 2 && p[0].matches("\\d+")) {
                                ANSWERS.add(new long[] {Long.parseLong(p[0]) * 1000,
                                    p[1].equals("lb1") ? 1 : p[1].equals("lb2") ? 2 : 0});
                            }
                        }
                    }
                }
            }
        }
        return ANSWERS;
    }

    static String lastAnswer(Path probe) throws IOException {
        List<long[]> a = answers(probe);
        return a.isEmpty() ? "" : a.get(a.size() - 1)[1] == 1 ? "lb1" : a.get(a.size() - 1)[1] == 2 ? "lb2" : "-";
    }

    /** The first request sent at or after t0 (µs; the probe's ms truncated) that lb2 answered. */
    static long firstAfter(Path probe, long t0, String node) throws IOException {
        long want = node.equals("lb1") ? 1 : 2;
        List<long[]> a = answers(probe);
        long best = -1;
        for (int i = a.size() - 1; i >= 0 && a.get(i)[0] >= t0 / 1000 * 1000 - 1_000_000; i--) {
            if (a.get(i)[0] >= t0 / 1000 * 1000 && a.get(i)[1] == want && (best < 0 || a.get(i)[0] < best)) {
                best = a.get(i)[0];
            }
        }
        return best;
    }

    static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String mmm(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
        double[] s = rs.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return "-";
        }
        return String.format("%.0f [%.0f–%.0f]", median(s) * 1000, s[0] * 1000, s[s.length - 1] * 1000);
    }

    static void print(List<Result> results) {
        Map<String, List<Result>> cells = new LinkedHashMap<>();
        for (Result r : results) {
            cells.computeIfAbsent(r.config() + "|" + r.trigger(), k -> new ArrayList<>()).add(r);
        }
        System.out.println();
        System.out.println("ms, median [min–max]. served = trigger → first request answered by lb2 (ClientProbe sends"
                + " every 10 ms: +0–10 ms quantisation, counted from the probe's send time); GARP = trigger → lb2's"
                + " first ARP for the VIP on the wire (kernel µs); adv→GARP = lb1's last advert (or its priority-0"
                + " advert) → that GARP; Δ = Fulcrum − keepalived, paired by run (same phase), median.");
        System.out.println("| config | trigger | n | served F | served K | Δserved | GARP F | GARP K | ΔGARP"
                + " | adv→GARP F | adv→GARP K | phase hit F / K (mean abs err) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        StringBuilder perPhase = new StringBuilder();
        for (Map.Entry<String, List<Result>> e : cells.entrySet()) {
            String[] k = e.getKey().split("\\|");
            List<Result> f = e.getValue().stream().filter(r -> r.impl().equals("fulcrum")).toList();
            List<Result> ka = e.getValue().stream().filter(r -> r.impl().equals("keepalived")).toList();
            Map<Integer, Result> kaByRun = new LinkedHashMap<>();
            ka.forEach(r -> kaByRun.put(r.run(), r));
            List<double[]> diffs = new ArrayList<>(); // {phase, dServed, dGarp}
            for (Result r : f) {
                Result o = kaByRun.get(r.run());
                if (o != null) {
                    diffs.add(new double[] {r.phase(), r.served() - o.served(), r.garp() - o.garp()});
                }
            }
            double dServed = median(diffs.stream().mapToDouble(d -> d[1]).toArray());
            double dGarp = median(diffs.stream().mapToDouble(d -> d[2]).toArray());
            System.out.printf("| %s | %s | %d | %s | %s | %+.0f | %s | %s | %+.1f | %s | %s | %.3f / %.3f |%n", k[0], k[1],
                    f.size(), mmm(f, Result::served), mmm(ka, Result::served), dServed * 1000, mmm(f, Result::garp),
                    mmm(ka, Result::garp), dGarp * 1000, mmm(f, Result::advToGarp), mmm(ka, Result::advToGarp),
                    phaseError(f), phaseError(ka));
            perPhase.append(String.format("%s %-6s Δserved / ΔGARP ms by phase:", k[0], k[1]));
            for (double p : PHASES) {
                perPhase.append(String.format("  %.1f:", p));
                for (double[] d : diffs) {
                    if (d[0] == p) {
                        perPhase.append(String.format(" %+.0f/%+.1f", d[1] * 1000, d[2] * 1000));
                    }
                }
            }
            perPhase.append('\n');
        }
        System.out.println();
        System.out.print(perPhase);
    }

    /** Mean |phase hit − phase aimed at|, as a fraction of the interval. */
    static double phaseError(List<Result> rs) {
        return rs.stream().filter(r -> !Double.isNaN(r.phaseHit()))
                .mapToDouble(r -> Math.abs(r.phaseHit() - r.phase())).average().orElse(Double.NaN);
    }
}

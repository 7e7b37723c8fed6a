package dev.fulcrum.vrrp.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Failover benchmark, Fulcrum and keepalived side by side in the same lab run (anchors.md §1): lb1
 * MASTER 150, lb2 BACKUP 100, VIP 10.99.0.50; triggers SIGKILL, link down and SIGTERM landing at a
 * random point of the advert cycle; measured: trigger → first client answer from lb2, and the longest
 * client gap. Prints a table of min / median / max. Run as root with the test class path:
 * {@code java -cp ... dev.fulcrum.vrrp.it.FailoverBenchmark [runs] [configs]} (configs e.g. "v2:100,v3:10").
 */
public final class FailoverBenchmark {
    record Result(String impl, String config, String trigger, double served, double gap) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String configs = args.length > 1 ? args[1] : "v2:100,v3:100,v3:10,v3:2";
        List<Result> results = new ArrayList<>();
        try (NetnsLab lab = new NetnsLab("vrrpb")) {
            lab.start("cl", "probe", List.of("java", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    ClientProbe.class.getName(), NetnsLab.VIP, "3600"));
            for (String c : configs.split(",")) {
                int version = Integer.parseInt(c.substring(1, 2));
                int cs = Integer.parseInt(c.substring(3));
                for (String trigger : List.of("kill", "ifdown", "term")) {
                    for (String impl : List.of("fulcrum", "keepalived")) {
                        for (int r = 0; r < runs; r++) {
                            Result res = once(lab, lab.dir.resolve("probe.log"), impl, version, cs, trigger);
                            System.out.printf("%-10s %-8s %-6s served %.3f s gap %.3f s%n", impl, c, trigger,
                                    res.served(), res.gap());
                            results.add(res);
                        }
                    }
                }
            }
        }
        print(results);
    }

    static Result once(NetnsLab lab, Path probe, String impl, int version, int cs, String trigger) throws Exception {
        String cfg = "v" + version + " " + cs * 10 + "ms";
        Object lb1;
        Object lb2;
        if (impl.equals("fulcrum")) {
            String[] a1 = {"--prio", "150", "--version", "" + version, "--advert-cs", "" + cs, "--vip", "10.99.0.50/24"};
            String[] a2 = a1.clone();
            a2[1] = "100";
            lb1 = lab.fulcrum("lb1", a1);
            ((NetnsLab.LogView) lb1).awaitLine("Entering MASTER STATE", Duration.ofSeconds(20));
            lb2 = lab.fulcrum("lb2", a2);
            ((NetnsLab.LogView) lb2).awaitLine("Entering BACKUP STATE", Duration.ofSeconds(20));
        } else {
            String adv = cs % 100 == 0 ? Integer.toString(cs / 100) : String.format("%.2f", cs / 100.0);
            lb1 = lab.keepalived("lb1", KeepalivedInteropIT.conf(version, "MASTER", 150, adv, ""));
            ((NetnsLab.LogView) lb1).awaitLine("Entering MASTER STATE", Duration.ofSeconds(20));
            lb2 = lab.keepalived("lb2", KeepalivedInteropIT.conf(version, "BACKUP", 100, adv, ""));
            ((NetnsLab.LogView) lb2).awaitLine("Entering BACKUP STATE", Duration.ofSeconds(20));
        }
        NetnsLab.await(Duration.ofSeconds(10), () -> lastAnswer(probe).equals("lb1"));
        Thread.sleep(500 + ThreadLocalRandom.current().nextLong(cs * 10L));
        long t0 = System.currentTimeMillis();
        switch (trigger) {
            case "kill" -> {
                if (lb1 instanceof NetnsLab.Fulcrum f) {
                    f.signal("KILL");
                } else {
                    ((NetnsLab.Keepalived) lb1).kill();
                }
            }
            case "ifdown" -> lab.inNs("lb1", "ip", "link", "set", "eth0", "down");
            default -> {
                if (lb1 instanceof NetnsLab.Fulcrum f) {
                    f.signal("TERM");
                } else {
                    ((NetnsLab.Keepalived) lb1).term();
                }
            }
        }
        NetnsLab.await(Duration.ofSeconds(15), () -> firstAfter(probe, t0, "lb2") > 0);
        Thread.sleep(300);
        long served = firstAfter(probe, t0, "lb2");
        double gap = longestGap(probe, t0 - 200, served + 200);
        // reset: both down, link up, VIPs gone
        for (Object o : List.of(lb1, lb2)) {
            if (o instanceof NetnsLab.Fulcrum f) {
                f.process.destroyForcibly();
                f.process.waitFor();
            } else {
                ((NetnsLab.Keepalived) o).kill();
                ((NetnsLab.Keepalived) o).process.waitFor();
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
        return new Result(impl, cfg, trigger, served > 0 ? (served - t0) / 1000.0 : Double.NaN, gap / 1000.0);
    }

    static List<long[]> answers(Path probe) throws IOException {
        List<long[]> out = new ArrayList<>();
        if (!Files.exists(probe)) {
            return out;
        }
        for (String l : Files.readAllLines(probe)) {
            String[] p = l.split(" ");
            if (p.length == 2 && p[0].matches("\\d+")) {
                out.add(new long[] {Long.parseLong(p[0]), p[1].equals("lb1") ? 1 : p[1].equals("lb2") ? 2 : 0});
            }
        }
        return out;
    }

    static String lastAnswer(Path probe) throws IOException {
        List<long[]> a = answers(probe);
        return a.isEmpty() ? "" : a.get(a.size() - 1)[1] == 1 ? "lb1" : a.get(a.size() - 1)[1] == 2 ? "lb2" : "-";
    }

    static long firstAfter(Path probe, long t0, String node) throws IOException {
        long want = node.equals("lb1") ? 1 : 2;
        return answers(probe).stream().filter(a -> a[0] >= t0 && a[1] == want).mapToLong(a -> a[0]).min().orElse(-1);
    }

    static double longestGap(Path probe, long from, long to) throws IOException {
        long last = from;
        long gap = 0;
        List<long[]> ok = answers(probe).stream().filter(a -> a[1] != 0 && a[0] >= from && a[0] <= to)
                .sorted((x, y) -> Long.compare(x[0], y[0])).toList();
        for (long[] a : ok) {
            gap = Math.max(gap, a[0] - last);
            last = a[0];
        }
        return Math.max(gap, to - last);
    }

    static void print(List<Result> results) {
        Map<String, List<Result>> cells = new LinkedHashMap<>();
        for (Result r : results) {
            cells.computeIfAbsent(r.config() + "|" + r.trigger() + "|" + r.impl(), k -> new ArrayList<>()).add(r);
        }
        System.out.println();
        System.out.printf("| %-12s | %-7s | %-10s | %-26s | %-26s |%n", "config", "trigger", "impl",
                "trigger→client on lb2 (s)", "longest client gap (s)");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Result>> e : cells.entrySet()) {
            String[] k = e.getKey().split("\\|");
            double[] s = e.getValue().stream().mapToDouble(Result::served).sorted().toArray();
            double[] g = e.getValue().stream().mapToDouble(Result::gap).sorted().toArray();
            System.out.printf("| %-12s | %-7s | %-10s | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f |%n", k[0], k[1], k[2],
                    s[0], s[s.length / 2], s[s.length - 1], g[0], g[g.length / 2], g[g.length - 1]);
        }
        System.out.println("(min / median / max; n = " + results.size() / Math.max(1, cells.size()) + " per cell)");
    }
}

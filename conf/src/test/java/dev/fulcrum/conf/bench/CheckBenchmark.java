package dev.fulcrum.conf.bench;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.ReloadCache;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code fulcrum check} at scale: generates 5,000 virtual servers x 4 real servers (TCP_CHECK and
 * HTTP_GET alternating), times parse + validate after a warm-up, counts the bytes one load allocates
 * (the thread's allocation counter: allocation turns into GC time in a small heap), measures the heap the
 * resulting model holds, and runs {@code keepalived -t} on the same file in the same run. Prints a table;
 * asserts nothing.
 *
 * <p>Loads are measured in a JVM configured as the director runs (C1 only, SerialGC, a 32 MiB initial
 * heap): that is where a reload happens, and where allocation and a large live set turn into GC pauses.
 * Started any other way, the benchmark runs itself again in such a JVM ({@code -Dfulcrum.bench.asIs=true}
 * measures the JVM it was started in).
 *
 * <p>{@code reload [VS] [RUNS] [checks]}: the director's reload with a {@link ReloadCache}, on the configuration
 * DirectorBenchmark loads (VS services x 4 real servers, with {@code checks} a TCP_CHECK each): one load, then RUNS reloads that
 * alternate between two texts differing in 1 % of the services (every 100th has a fifth real server),
 * against the same alternation without a cache.
 *
 * <pre>
 * mvn -q -o -pl conf test-compile
 * java -cp conf/target/classes:conf/target/test-classes dev.fulcrum.conf.bench.CheckBenchmark [VS] [RS] [RUNS]
 * java -cp conf/target/classes:conf/target/test-classes dev.fulcrum.conf.bench.CheckBenchmark reload [VS] [RUNS] [checks]
 * </pre>
 */
public final class CheckBenchmark {
    private CheckBenchmark() {
    }

    /** The director's JVM options (packaging/src/bin/fulcrum, DirectorBenchmark). */
    static final List<String> DIRECTOR_JVM = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-XX:TieredStopAtLevel=1");

    public static void main(String[] args) throws Exception {
        if (!Boolean.getBoolean("fulcrum.bench.asIs")
                && !ManagementFactory.getRuntimeMXBean().getInputArguments().containsAll(DIRECTOR_JVM)) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(DIRECTOR_JVM);
            cmd.addAll(List.of("-Dfulcrum.bench.asIs=true", "-cp", System.getProperty("java.class.path"), CheckBenchmark.class.getName()));
            cmd.addAll(List.of(args));
            System.exit(new ProcessBuilder(cmd).inheritIO().start().waitFor());
        }
        if (args.length > 0 && args[0].equals("reload")) {
            reload(args.length > 1 ? Integer.parseInt(args[1]) : 5000, args.length > 2 ? Integer.parseInt(args[2]) : 20,
                    args.length > 3 && args[3].equals("checks"));
            return;
        }
        int vsCount = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rsPerVs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int warmup = 5;
        Path dir = Files.createTempDirectory("fulcrum-bench");
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, generate(vsCount, rsPerVs));
        long bytes = Files.size(file);
        long lines = Files.readAllLines(file).size();
        LoadOptions opts = new LoadOptions("lb1", Map.of(), 1);

        for (int i = 0; i < warmup; i++) {
            check(file, opts);
        }
        double[] ms = new double[runs];
        long[] alloc = new long[runs];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        ConfResult last = null;
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long gcMs0 = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        long gcN0 = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        for (int i = 0; i < runs; i++) {
            long a0 = threads.getThreadAllocatedBytes(self);
            long t0 = System.nanoTime();
            last = check(file, opts);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            alloc[i] = threads.getThreadAllocatedBytes(self) - a0;
        }
        double gcMs = (gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - gcMs0) / (double) runs;
        double gcN = (gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - gcN0) / (double) runs;
        Arrays.sort(alloc);
        if (last.hasErrors()) {
            throw new IllegalStateException("generated config is invalid: " + last.diagnostics().get(0));
        }
        Arrays.sort(ms);

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        last = null;
        long before = settledHeap(mem);
        ConfResult held = check(file, opts);
        long retained = settledHeap(mem) - before;
        long peakStart = settledHeap(mem);
        long peak = peakDuring(file, opts, mem) - peakStart;
        int rs = held.config().orElseThrow().virtualServers().stream().mapToInt(v -> v.realServers().size()).sum();

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"config", vsCount + " VS x " + rsPerVs + " RS = " + rs + " RS, " + rs + " checkers; " + lines + " lines, " + bytes / 1024 + " KiB"});
        rows.add(new String[] {"fulcrum parse+validate (min)", String.format("%.1f ms", ms[0])});
        rows.add(new String[] {"fulcrum parse+validate (median)", String.format("%.1f ms", ms[runs / 2])});
        rows.add(new String[] {"fulcrum parse+validate (max)", String.format("%.1f ms", ms[runs - 1])});
        rows.add(new String[] {"fulcrum allocated per load (min)", String.format("%.1f MiB (%.1fx the input)", alloc[0] / 1048576.0, alloc[0] / (double) bytes)});
        rows.add(new String[] {"fulcrum GC per load (mean)", String.format("%.1f ms in %.1f collections", gcMs, gcN)});
        rows.add(new String[] {"fulcrum model retained heap", String.format("%.1f MiB", retained / 1048576.0)});
        rows.add(new String[] {"fulcrum heap growth during a load", String.format("%.1f MiB", peak / 1048576.0)});
        rows.add(new String[] {"runs", warmup + " warm-up + " + runs + " measured, JVM " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpu, " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())});
        keepalived(file, rows);
        int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        System.out.println();
        System.out.println("CheckBenchmark");
        System.out.println("-".repeat(w + 50));
        for (String[] r : rows) {
            System.out.printf("%-" + w + "s  %s%n", r[0], r[1]);
        }
        System.out.println("-".repeat(w + 50));
        if (held.config().isEmpty()) {
            System.out.println("(no model)");
        }
    }

    /** Times of {@code runs} loads alternating between {@code a} and {@code b}, with {@code cache} (may be null). */
    private static double[] alternate(Path a, Path b, LoadOptions opts, ReloadCache cache, int runs, long[] alloc, int[] reused) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long a0 = threads.getThreadAllocatedBytes(self);
            long t0 = System.nanoTime();
            ConfResult r = KeepalivedConf.load(i % 2 == 0 ? b : a, opts, cache);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            alloc[i] = threads.getThreadAllocatedBytes(self) - a0;
            if (r.config().isEmpty()) {
                throw new IllegalStateException("generated config is invalid: " + r.diagnostics().get(0));
            }
            reused[0] += cache != null ? cache.reusedLastLoad() : 0;
        }
        Arrays.sort(ms);
        Arrays.sort(alloc);
        return ms;
    }

    private static void reload(int vsCount, int runs, boolean checks) throws Exception {
        Path dir = Files.createTempDirectory("fulcrum-bench");
        Path a = dir.resolve("a.conf");
        Path b = dir.resolve("b.conf");
        Files.writeString(a, services(vsCount, 0, checks));
        Files.writeString(b, services(vsCount, 100, checks));
        LoadOptions opts = new LoadOptions("lb1", Map.of(), 1);
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"config", vsCount + " VS x 4 RS, " + (checks ? "TCP_CHECK each" : "no checkers") + "; " + Files.readAllLines(a).size() + " lines, "
                + Files.size(a) / 1024 + " KiB; the other text differs in " + (vsCount + 99) / 100 + " services"});
        long[] alloc = new long[runs];
        int[] reused = new int[1];
        for (int warm = 0; warm < 3; warm++) {
            alternate(a, b, opts, null, 2, new long[2], reused);
            alternate(a, b, opts, new ReloadCache(), 3, new long[3], reused);
        }
        for (boolean cached : new boolean[] {false, true}) {
            ReloadCache cache = cached ? new ReloadCache() : null;
            String what = cached ? "reload with cache" : "load without cache";
            if (cached) {
                long t0 = System.nanoTime();
                KeepalivedConf.load(a, opts, cache);
                rows.add(new String[] {"first load with cache (fills it)", String.format("%.1f ms, %d entries", (System.nanoTime() - t0) / 1e6, cache.size())});
            }
            reused[0] = 0;
            long gcMs0 = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
            double[] ms = alternate(a, b, opts, cache, runs, alloc, reused);
            double gcMs = (gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - gcMs0) / (double) runs;
            rows.add(new String[] {what + " min / median / max", String.format("%.1f / %.1f / %.1f ms", ms[0], ms[runs / 2], ms[runs - 1])});
            rows.add(new String[] {what + ": allocated (min), GC per load", String.format("%.1f MiB, %.1f ms", alloc[0] / 1048576.0, gcMs)});
            if (cached) {
                rows.add(new String[] {"services reused per reload", String.valueOf(reused[0] / runs)});
                MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
                ConfResult held = KeepalivedConf.load(a, opts, cache);
                long with = settledHeap(mem);
                cache.clear();
                long without = settledHeap(mem);
                rows.add(new String[] {"cache retained beyond the model", String.format("%.1f MiB (%s)", (with - without) / 1048576.0,
                        held.config().isPresent() ? "model held" : "?")});
            }
        }
        rows.add(new String[] {"runs", "3 warm-up rounds + " + runs + " measured each, JVM " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpu, " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())});
        keepalived(a, rows);
        int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        System.out.println();
        System.out.println("CheckBenchmark reload");
        System.out.println("-".repeat(w + 50));
        for (String[] r : rows) {
            System.out.printf("%-" + w + "s  %s%n", r[0], r[1]);
        }
        System.out.println("-".repeat(w + 50));
    }

    /** The configuration DirectorBenchmark reloads (one generator for both). */
    static String services(int n, int extraEvery, boolean checks) {
        return dev.fulcrum.lab.GeneratedServices.text(n, extraEvery, checks);
    }

    private static ConfResult check(Path file, LoadOptions opts) {
        return KeepalivedConf.load(file, opts);
    }

    private static long settledHeap(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** Samples heap use while one load runs, to show the transient cost as well as the retained one. */
    private static long peakDuring(Path file, LoadOptions opts, MemoryMXBean mem) throws InterruptedException {
        long[] peak = {mem.getHeapMemoryUsage().getUsed()};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        check(file, opts);
        sampler.interrupt();
        sampler.join();
        return peak[0];
    }

    private static void keepalived(Path file, List<String[]> rows) throws IOException, InterruptedException {
        Path bin = Path.of("/usr/sbin/keepalived");
        if (!Files.isExecutable(bin)) {
            rows.add(new String[] {"keepalived -t", "not installed (apt-get install keepalived)"});
            return;
        }
        String cmd = "for i in eth0 eth1; do ip link add $i type bridge && ip link set $i up || exit 99; done; "
                + "exec " + bin + " -t -l -n -f \"$0\"";
        long t0 = System.nanoTime();
        List<String> argv = new ArrayList<>(List.of("unshare", "-n", "sh", "-c", cmd, file.toString()));
        if (Files.isExecutable(Path.of("/usr/bin/time"))) {
            argv.addAll(0, List.of("/usr/bin/time", "-f", "MAXRSS_KB=%M"));
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(300, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - t0) / 1e6;
        String rss = out.lines().filter(l -> l.startsWith("MAXRSS_KB=")).map(l -> l.substring(10)).findFirst().orElse("?");
        long otherLines = out.lines().filter(l -> !l.startsWith("MAXRSS_KB=")).count();
        rows.add(new String[] {"keepalived -t (wall, incl. netns setup)", String.format("%.1f ms, rc %d, %d output lines", ms, p.exitValue(), otherLines)});
        rows.add(new String[] {"keepalived -t max RSS", rss.equals("?") ? "?" : String.format("%.1f MiB", Long.parseLong(rss) / 1024.0)});
    }

    static String generate(int vsCount, int rsPerVs) {
        StringBuilder b = new StringBuilder(vsCount * 700);
        b.append("global_defs {\n    router_id bench\n}\n\n");
        b.append("vrrp_instance VI_BENCH {\n    state BACKUP\n    interface eth0\n    virtual_router_id 50\n    priority 100\n")
                .append("    advert_int 1\n    virtual_ipaddress {\n        203.0.113.1/24 dev eth0\n    }\n}\n\n");
        for (int i = 0; i < vsCount; i++) {
            String vip = "203.0.113." + (i % 250 + 1);
            int port = 10000 + i / 250;
            b.append("virtual_server ").append(vip).append(' ').append(port).append(" {\n")
                    .append("    delay_loop 10\n    lvs_sched wlc\n    lvs_method NAT\n    protocol TCP\n");
            for (int r = 0; r < rsPerVs; r++) {
                b.append("    real_server 198.51.100.").append(r * 50 + i % 50 + 1).append(' ').append(8000 + i / 50).append(" {\n")
                        .append("        weight ").append(1 + r).append('\n');
                if ((i + r) % 2 == 0) {
                    b.append("        TCP_CHECK {\n            connect_timeout 3\n        }\n");
                } else {
                    b.append("        HTTP_GET {\n            url {\n                path /health\n                status_code 200\n")
                            .append("            }\n            connect_timeout 3\n            retry 2\n        }\n");
                }
                b.append("    }\n");
            }
            b.append("}\n");
        }
        return b.toString();
    }
}

package dev.fulcrum.app.bench;

import dev.fulcrum.lab.GeneratedServices;
import dev.fulcrum.lab.LabPaths;
import dev.fulcrum.lab.ProcessResult;
import dev.fulcrum.lab.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * The director's figures beside keepalived's, in one run on the same kernel (run it with
 * {@code lab/bench.sh director-app dev.fulcrum.app.bench.DirectorBenchmark}; it needs IPVS, so it runs
 * inside the VM): start-up to the first advert, load / 1 % reload / stop at N services x 4 real servers,
 * and memory with 1,000 x 4 under TCP checks. Every measurement uses a fresh network namespace.
 * Every Fulcrum run but one start-up row goes through the packaged launcher, as operators run it, with a
 * class-data-sharing archive written by a training run that loaded, reloaded and stopped; sizes "0" skips
 * the load/reload/stop tables ({@code ... DirectorBenchmark 0}); a second argument lists parts to skip
 * ({@code noadvert,nomemory}), a third extra JVM options for the measured director, comma-separated
 * ({@code -Xlog:gc}: its pauses during the reload are printed).
 */
public final class DirectorBenchmark {
    /** -Dfulcrum.bench.jar / -Dfulcrum.bench.launcher measure a copy, so that a rebuild cannot change a running benchmark. */
    static final Path JAR = Path.of(System.getProperty("fulcrum.bench.jar", LabPaths.projectDir().resolve("director-app/target/fulcrum.jar").toString()));
    static final Path LAUNCHER = Path.of(System.getProperty("fulcrum.bench.launcher", LabPaths.projectDir().resolve("packaging/src/bin/fulcrum").toString()));
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The launcher's small profile (packaging/src/bin/fulcrum), with a heap that starts at 32 MiB. */
    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:Tier3BackEdgeThreshold=2000");
    /** Third argument: extra JVM options for the measured director, comma-separated (e.g. -Xlog:gc). */
    static List<String> EXTRA_JVM = List.of();
    static Path work;
    static int nsCounter;

    public static void main(String[] args) throws Exception {
        work = Files.createTempDirectory("fulcrum-bench");
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).filter(n -> n > 0).toArray() : new int[] {1000, 5000};
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-44s %12s %12s %8s", "measurement", "fulcrum", "keepalived", "ratio"));
        List<String> skip = args.length < 2 ? List.of() : List.of(args[1].split(","));
        EXTRA_JVM = args.length < 3 ? List.of() : List.of(args[2].split(","));
        boolean adverts = !skip.contains("noadvert");
        // the first launcher run writes the class-data-sharing archive at exit, as after an install or upgrade
        double[] first = adverts ? new double[] {firstAdvert(true), firstAdvert(false)} : new double[] {-1, -1};
        // an operator's archive is written when a daemon that has loaded, reloaded and served stops (the
        // first run after an install or upgrade); the start-up run above only saw start-up classes
        trainArchive();
        double[] adv = adverts ? new double[] {median(() -> firstAdvert(true)), median(() -> firstAdvert(false))} : new double[] {-1, -1};
        rows.add(row("start-up to first advert, first run (s)", first[0], first[1]));
        rows.add(row("start-up to first advert (s, median of 3)", adv[0], adv[1]));
        if (adverts) {
            rows.add(row("  same, bare java -jar (s, median of 3)", median(() -> firstAdvert("bare")), adv[1]));
        }
        for (int n : sizes) {
            double[] f = table(true, n);
            double[] k = table(false, n);
            rows.add(row("N=" + n + " x4: load to full table (s)", f[0], k[0]));
            rows.add(row("N=" + n + " x4: reload, 1% of services +/-1 RS (s, median of " + RELOADS + ")", f[1], k[1]));
            rows.add(row("N=" + n + " x4: SIGTERM to exit (s)", f[2], k[2]));
            rows.add(row("N=" + n + " x4: IPVS lines left after stop", f[3], k[3]));
        }
        if (!skip.contains("nomemory")) {
            double[] fm = memory(true, 1000);
            double[] km = memory(false, 1000);
            rows.add(row("1000x4 TCP_CHECK: RSS (MiB)", fm[0], km[0]));
            rows.add(String.format("%-44s %12.1f %12s %8s", "1000x4 TCP_CHECK: heap used (MiB)", fm[1], "-", "-"));
        }
        System.out.println();
        System.out.println("Director benchmark (kernel " + System.getProperty("os.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs; start-up and memory through the launcher " + LAUNCHER.getFileName()
                + " with its CDS archive" + (EXTRA_JVM.isEmpty() ? "" : " and " + String.join(" ", EXTRA_JVM)) + ")");
        rows.forEach(System.out::println);
    }

    interface Measure {
        double run() throws Exception;
    }

    static double median(Measure m) throws Exception {
        double[] v = {m.run(), m.run(), m.run()};
        java.util.Arrays.sort(v);
        return v[1];
    }

    static String row(String what, double f, double k) {
        String ratio = k > 0 ? String.format(Locale.ROOT, "%.2f", f / k) : "-";
        return String.format(Locale.ROOT, "%-44s %12.3f %12.3f %8s", what, f, k, ratio);
    }

    static String freshNs() {
        String ns = "fb" + ProcessHandle.current().pid() + "x" + (nsCounter++);
        sh("ip netns add " + ns + " && ip -n " + ns + " link set lo up");
        return ns;
    }

    static ProcessResult sh(String cmd) {
        return Processes.run(List.of("bash", "-c", cmd), Duration.ofMinutes(5)).orThrow();
    }

    static Process start(String ns, List<String> cmd, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    static List<String> fulcrum(Path conf, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path settings = dir.resolve("settings.conf");
        Files.writeString(settings, "fulcrum {\n metrics.listen = \"127.0.0.1:9165\"\n control.socket = \"" + dir.resolve("c.sock")
                + "\"\n state-directory = \"" + dir.resolve("state") + "\"\n reconciler.resync-period = 60s\n}\n");
        List<String> c = new ArrayList<>(List.of(JAVA));
        c.addAll(JVM);
        c.addAll(EXTRA_JVM);
        c.addAll(List.of("-jar", JAR.toString(), "run", "-f", conf.toString(), "--settings", settings.toString()));
        return c;
    }

    /**
     * What an operator runs: the packaged launcher (its JVM profile for this configuration and its
     * class-data-sharing archive, kept across runs like /var/lib/fulcrum/fulcrum.jsa) over the built jar.
     */
    static List<String> launcher(Path conf, Path dir) throws IOException {
        List<String> c = new ArrayList<>(List.of("env", "PATH=" + Path.of(JAVA).getParent() + ":" + System.getenv("PATH"), "FULCRUM_JAR=" + JAR,
                "FULCRUM_CDS=" + work.resolve("fulcrum.jsa")));
        if (!EXTRA_JVM.isEmpty()) { // the launcher's small profile plus the extra options
            c.add("FULCRUM_JAVA_OPTS=" + String.join(" ", JVM) + " -XX:-UsePerfData " + String.join(" ", EXTRA_JVM));
        }
        c.addAll(List.of("sh", LAUNCHER.toString()));
        List<String> f = fulcrum(conf, dir);
        c.addAll(f.subList(f.indexOf("-jar") + 2, f.size()));
        return c;
    }

    static List<String> keepalived(Path conf, Path dir) throws IOException {
        Files.createDirectories(dir);
        return List.of("keepalived", "-n", "-l", "-D", "-f", conf.toString(), "-p", dir.resolve("k.pid").toString(),
                "-c", dir.resolve("c.pid").toString(), "-r", dir.resolve("v.pid").toString());
    }

    /**
     * Writes the launcher's class-data-sharing archive from a run that loads 100 services, reloads twice
     * (a server added, then removed) and stops, so that the archive holds what a daemon that has served
     * for a while has loaded, as the first run after an install writes it at its exit.
     */
    static void trainArchive() throws Exception {
        Files.deleteIfExists(work.resolve("fulcrum.jsa"));
        String ns = freshNs();
        Path dir = work.resolve(ns);
        Files.createDirectories(dir);
        Path conf = dir.resolve("lvs.conf");
        int n = 100;
        Files.writeString(conf, services(n, 0, false));
        long t0 = System.nanoTime();
        Process p = start(ns, launcher(conf, dir), dir.resolve("run.log"));
        awaitFullTable(p.pid(), n, t0, dir);
        try (ReloadWatch watch = new ReloadWatch(ns, changedKeys(n, 10))) {
            for (int r = 0; r < 2; r++) {
                reload(p, conf, services(n, r == 0 ? 10 : 0, false), watch, r == 0 ? 5 : 4, Duration.ofMinutes(5));
            }
        }
        settle(p);
        stop(p, ns);
        System.out.printf(Locale.ROOT, "class-data-sharing archive from a 100-service run with two reloads: %s%n",
                Files.exists(work.resolve("fulcrum.jsa")) ? Files.size(work.resolve("fulcrum.jsa")) / 1024 + " KiB" : "not written");
    }

    /** Seconds from exec to the first VRRP advert on the wire, for an owner (priority 255) instance. */
    static double firstAdvert(boolean ours) throws Exception {
        return firstAdvert(ours ? "launcher" : "keepalived");
    }

    /** who: "launcher" (packaged launcher), "bare" (java -jar with the load benchmark's JVM options) or "keepalived". */
    static double firstAdvert(String who) throws Exception {
        String ns = freshNs();
        sh("ip -n " + ns + " link add eth0 type veth peer name cap0 && ip -n " + ns + " link set eth0 up && ip -n " + ns
                + " link set cap0 up && ip -n " + ns + " addr add 192.0.2.2/24 dev eth0");
        Path dir = work.resolve(ns);
        Files.createDirectories(dir);
        Path conf = dir.resolve("vrrp.conf");
        Files.writeString(conf, "vrrp_instance VI_1 {\n state MASTER\n interface eth0\n virtual_router_id 51\n priority 255\n advert_int 1\n"
                + " virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n");
        Path cap = dir.resolve("cap.txt");
        Process dump = start(ns, List.of("tcpdump", "-i", "cap0", "-c", "1", "-n", "--immediate-mode", "-tt", "ip proto 112"), cap);
        Thread.sleep(1500);
        long t0 = System.currentTimeMillis();
        List<String> cmd = switch (who) {
            case "launcher" -> launcher(conf, dir);
            case "bare" -> fulcrum(conf, dir);
            default -> keepalived(conf, dir);
        };
        Process p = start(ns, cmd, dir.resolve("run.log"));
        dump.waitFor(120, TimeUnit.SECONDS);
        String captured = Files.readString(cap);
        String line = captured.lines().filter(l -> l.matches("^\\d+\\.\\d+ .*")).findFirst().orElseThrow(
                () -> new IllegalStateException("no advert captured:\n" + captured));
        double t = Double.parseDouble(line.substring(0, line.indexOf(' '))) - t0 / 1000.0;
        stop(p, ns);
        return t;
    }

    static void stop(Process p, String ns) throws Exception {
        sh("kill -TERM " + p.pid() + " 2>/dev/null || true");
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        sh("ip netns pids " + ns + " | xargs -r kill -9; ip netns del " + ns);
    }

    /** The configuration both this and conf's CheckBenchmark load ({@link GeneratedServices}). */
    public static String services(int n, int extraEvery, boolean checks) {
        return GeneratedServices.text(n, extraEvery, checks);
    }

    static long lines(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "ip_vs")).size();
        } catch (IOException e) {
            return -1;
        }
    }

    static double waitFor(long pid, LongPredicate done, long t0, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            long l = lines(pid);
            if (done.test(l)) {
                return (System.nanoTime() - t0) / 1e9;
            }
            if (l < 0) {
                break;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("pid " + pid + ": table never reached the target (" + lines(pid) + " lines)");
    }

    /** Reloads per director in the load/reload/stop table; the table shows their median. */
    static final int RELOADS = Integer.getInteger("fulcrum.bench.reloads", 3);

    /** The services {@link #services} gives an extra real server when {@code extraEvery} is set. */
    static List<dev.fulcrum.ipvs.model.ServiceKey> changedKeys(int n, int extraEvery) throws Exception {
        List<dev.fulcrum.ipvs.model.ServiceKey> out = new ArrayList<>();
        for (GeneratedServices.Service g : GeneratedServices.list(n, extraEvery)) {
            if (g.extra()) {
                out.add(dev.fulcrum.ipvs.model.ServiceKey.of(dev.fulcrum.ipvs.model.Protocol.TCP, java.net.InetAddress.getByName(g.address()), g.port()));
            }
        }
        return out;
    }

    /**
     * Watches a few services of a namespace's IPVS table from a thread that lives in that namespace, with
     * the project's own generic-netlink client: a reload is complete when every watched service holds the
     * wanted number of destinations.
     */
    static final class ReloadWatch implements AutoCloseable {
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        private final List<dev.fulcrum.ipvs.model.ServiceKey> keys;
        private final dev.fulcrum.ipvs.IpvsClient client;

        ReloadWatch(String ns, List<dev.fulcrum.ipvs.model.ServiceKey> keys) throws Exception {
            this.keys = keys;
            this.client = thread.submit(() -> {
                new dev.fulcrum.net.ns.NetNamespace(ns).enterOnThisThread();
                return dev.fulcrum.ipvs.IpvsClient.open();
            }).get();
        }

        double await(int destinations, long t0, Duration limit) throws Exception {
            return thread.submit(() -> {
                long end = System.nanoTime() + limit.toNanos();
                // one service per poll until it is done, then all of them: the poll must not take a vCPU
                // from the director being timed
                int at = 0;
                while (System.nanoTime() < end) {
                    while (at < keys.size() && client.destinations(keys.get(at)).size() == destinations) {
                        at++;
                    }
                    if (at == keys.size()) {
                        return (System.nanoTime() - t0) / 1e9;
                    }
                    Thread.sleep(10);
                }
                throw new IllegalStateException("the watched services never held " + destinations + " destinations each");
            }).get();
        }

        @Override
        public void close() {
            thread.submit(client::close);
            thread.shutdown();
        }
    }

    /** {load s, median 1 % reload s, stop s, lines left}. */
    static double[] table(boolean ours, int n) throws Exception {
        String ns = freshNs();
        Path dir = work.resolve(ns);
        Files.createDirectories(dir);
        Path conf = dir.resolve("lvs.conf");
        Files.writeString(conf, services(n, 0, false));
        long t0 = System.nanoTime();
        Process p = start(ns, ours ? launcher(conf, dir) : keepalived(conf, dir), dir.resolve("run.log"));
        long pid = ours ? p.pid() : childPid(dir);
        double load = awaitFullTable(pid, n, t0, dir);
        // reload a running director: wait until start-up work (checkers, VRRP, JIT) has quietened, for both.
        // RELOADS reloads, alternately adding a fifth real server to 1 % of the services and removing it;
        // SIGHUP is sent with kill(2) from here and completion is seen by asking the kernel, over generic
        // netlink from inside the namespace, for just the changed services' destinations: forking kill(1)
        // and re-reading /proc/net/ip_vs (25,000 lines, formatted by the guest kernel on every poll) cost
        // hundreds of milliseconds under emulation and kept a vCPU busy beside the director being timed.
        List<dev.fulcrum.ipvs.model.ServiceKey> changed = changedKeys(n, 100);
        List<Double> reloads = new ArrayList<>();
        try (ReloadWatch watch = new ReloadWatch(ns, changed)) {
            for (int r = 0; r < RELOADS; r++) {
                boolean add = r % 2 == 0;
                int logFrom = ours ? Files.readAllLines(dir.resolve("run.log")).size() : 0;
                double took = reload(p, conf, services(n, add ? 100 : 0, false), watch, add ? 5 : 4, Duration.ofMinutes(10));
                reloads.add(took);
                System.out.printf(Locale.ROOT, "  %s reload %d (%s a server on %d services): %.3f s%n", ours ? "fulcrum" : "keepalived", r + 1,
                        add ? "adds" : "removes", changed.size(), took);
                if (ours) {
                    Thread.sleep(500); // the phase line is logged once the pass is done
                    List<String> log = Files.readAllLines(dir.resolve("run.log"));
                    log.subList(Math.min(logFrom, log.size()), log.size()).stream()
                            .filter(l -> l.contains("reloaded:") || l.contains("Pause") || l.contains("KernelIpvsEdge: ipvs:"))
                            .forEach(l -> System.out.println("    " + l));
                }
            }
        }
        double reload = reloads.stream().sorted().toList().get(reloads.size() / 2);
        long t2 = System.nanoTime();
        sh("kill -TERM " + p.pid());
        p.waitFor(15, TimeUnit.MINUTES);
        double stop = (System.nanoTime() - t2) / 1e9;
        long left = sh("ip netns exec " + ns + " cat /proc/net/ip_vs | wc -l").stdout().trim().isEmpty() ? 0
                : Long.parseLong(sh("ip netns exec " + ns + " cat /proc/net/ip_vs | wc -l").stdout().trim()) - 3;
        sh("ip netns pids " + ns + " | xargs -r kill -9; ip netns del " + ns);
        System.out.printf(Locale.ROOT, "%s N=%d: load %.3f s, reload %.3f s, stop %.3f s, left %d%n", ours ? "fulcrum" : "keepalived", n,
                load, reload, stop, left);
        return new double[] {load, reload, stop, left};
    }

    /** Waits for the table of {@code n} services x 4 (seconds since {@code t0}); a failure carries the director's log. */
    static double awaitFullTable(long pid, int n, long t0, Path dir) throws Exception {
        try {
            return waitFor(pid, l -> l >= 3 + 5L * n, t0, Duration.ofMinutes(10));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n--- run.log\n" + Files.readString(dir.resolve("run.log")), e);
        }
    }

    /**
     * One reload of a settled director: writes {@code text}, sends SIGHUP with kill(2) and returns the
     * seconds until every watched service holds {@code destinations} (at most {@code limit}).
     */
    static double reload(Process p, Path conf, String text, ReloadWatch watch, int destinations, Duration limit) throws Exception {
        settle(p);
        Files.writeString(conf, text);
        long t1 = System.nanoTime();
        if (dev.fulcrum.net.libc.LibC.INSTANCE.kill((int) p.pid(), 1) != 0) {
            throw new IllegalStateException("kill -HUP " + p.pid() + " failed");
        }
        return watch.await(destinations, t1, limit);
    }

    /** Waits (at most 120 s) until the process tree uses under 5 % of a CPU over half a second. */
    static void settle(Process p) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long before = cpuTicks(p.toHandle());
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            long now = cpuTicks(p.toHandle());
            if (now - before <= 2) { // clock ticks of 10 ms
                return;
            }
            before = now;
        }
    }

    static long cpuTicks(ProcessHandle h) {
        long sum = 0;
        for (ProcessHandle x : java.util.stream.Stream.concat(java.util.stream.Stream.of(h), h.descendants()).toList()) {
            try {
                String st = Files.readString(Path.of("/proc", Long.toString(x.pid()), "stat"));
                String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return sum;
    }

    /** keepalived -D forks a checker child; its netns is the same, and its pid file says who it is. */
    static long childPid(Path dir) throws Exception {
        Path c = dir.resolve("k.pid");
        for (int i = 0; i < 600 && !Files.exists(c); i++) {
            Thread.sleep(50);
        }
        return Long.parseLong(Files.readString(c).trim());
    }

    /** {RSS MiB, heap MiB (fulcrum only)} after 30 s of TCP checks against local listeners. */
    static double[] memory(boolean ours, int n) throws Exception {
        String ns = freshNs();
        Path dir = work.resolve(ns);
        Files.createDirectories(dir.resolve("www"));
        sh("for i in 1 2 3 4 5; do ip -n " + ns + " addr add 192.0.2.20$i/32 dev lo; done");
        Process httpd = start(ns, List.of("/bin/busybox", "httpd", "-f", "-p", "8080", "-h", dir.resolve("www").toString()), dir.resolve("httpd.log"));
        Path conf = dir.resolve("lvs.conf");
        Files.writeString(conf, services(n, 0, true));
        long t0 = System.nanoTime();
        Process p = start(ns, ours ? launcher(conf, dir) : keepalived(conf, dir), dir.resolve("run.log"));
        long pid = ours ? p.pid() : childPid(dir);
        waitFor(pid, l -> l >= 3 + 5L * n, t0, Duration.ofMinutes(10));
        Thread.sleep(30_000);
        double rss = 0;
        for (ProcessHandle h : ProcessHandle.of(p.pid()).map(x -> java.util.stream.Stream.concat(java.util.stream.Stream.of(x), x.descendants()))
                .orElseThrow().toList()) {
            rss += rssMiB(h.pid());
        }
        double heap = -1;
        if (ours) {
            String m = sh("ip netns exec " + ns + " curl -s http://127.0.0.1:9165/metrics").stdout();
            heap = m.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / (1 << 20);
        }
        stop(p, ns);
        httpd.destroyForcibly();
        System.out.printf(Locale.ROOT, "%s 1000x4 checks: RSS %.1f MiB, heap %.1f MiB%n", ours ? "fulcrum" : "keepalived", rss, heap);
        return new double[] {rss, heap};
    }

    static double rssMiB(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}

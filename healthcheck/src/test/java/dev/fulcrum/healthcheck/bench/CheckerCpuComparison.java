package dev.fulcrum.healthcheck.bench;

import dev.fulcrum.healthcheck.check.NettyCheckers;
import dev.fulcrum.healthcheck.engine.CheckScheduler;
import dev.fulcrum.healthcheck.engine.EventLoopTaskTimer;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (prints a table, asserts nothing): keepalived's checker process and Fulcrum's engine check
 * the same N HTTP servers at delay_loop 1, both at once in the same run, and the CPU each spends per
 * check over the same window is compared (run one after the other, the two phases saw different host
 * load, and under TCG host load also skews the guest's tick-based CPU accounting). keepalived's checker only starts where the kernel has IPVS, so this runs inside
 * the IPVS VM ({@code lab/kernel-vm.sh}); there the servers live on 10.200.x.y, made local by a route that
 * exists only in the guest. The responder counts every request; Fulcrum counts its own checks and the
 * rest are keepalived's. CPU is the keepalived checker child's utime+stime, and for Fulcrum this JVM's
 * process CPU (all threads: event loop, JIT, GC, VM) less this main thread, which only runs the harness.
 *
 * <p>Two more clients run in the same window, both {@code src/test/c/http_check_floor.c} compiled here with
 * gcc: the same exchange with the fewest system calls Linux allows and nothing else, once event-driven
 * and once waking only on a 10 ms grid. They show how much of a check's CPU is the kernel's work, which
 * no checker that opens a connection per check avoids.
 *
 * <p>A third C client keeps one connection per server and sends every check on it: the kernel's share when
 * the handshake and teardown are gone, the floor for Fulcrum with kept connections.
 *
 * <p>Args: N SECONDS WARMUP_SECONDS [CHECKS_PER_CONNECTION [C_CLIENTS [SLACK_MS]]]: CHECKS_PER_CONNECTION is Fulcrum's
 * {@code fulcrum.healthcheck.http.checks-per-connection} (default 1, a new connection per check as keepalived
 * makes; 0 keeps each connection without limit); C_CLIENTS {@code all} (default) runs the three C clients,
 * {@code kept} only the one keeping its connections, which leaves the guest's two vCPUs to more servers;
 * SLACK_MS is the engine's timer slack ({@code fulcrum.healthcheck.timer-slack}, default the daemon's default).
 * Needs root, keepalived and a kernel with ip_vs.
 */
public final class CheckerCpuComparison {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int checksPerConnection = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean allClients = args.length <= 4 || args[4].equals("all");
        Duration slack = args.length > 5 ? Duration.ofMillis(Long.parseLong(args[5])) : EventLoopTaskTimer.DEFAULT_SLACK;
        int port = 8080;
        PrintStream out = System.out;
        System.setProperty("bench.prefix", "10.200");
        // every 10.200.x.y is local (AnyIP): one route instead of N addresses
        run("ip", "route", "add", "local", "10.200.0.0/16", "dev", "lo");
        Process responder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Dbench.prefix=10.200",
                "-cp", System.getProperty("java.class.path"), BenchResponder.class.getName(), Integer.toString(n), Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader from = new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.US_ASCII));
        PrintStream to = new PrintStream(responder.getOutputStream(), true, StandardCharsets.US_ASCII);
        if (!BenchResponder.awaitReady(from)) {
            throw new IllegalStateException("responder failed");
        }
        try {
            // ---- keepalived's checker and Fulcrum's engine start together and are measured over the same window, so that
            // the load of the machine (which under TCG also skews the guest's CPU accounting) is the same for both
            Path dir = Files.createTempDirectory("ka-bench");
            StringBuilder conf = new StringBuilder("global_defs {\n  router_id bench\n}\nvirtual_server 10.255.0.1 80 {\n"
                    + "  delay_loop 1\n  lvs_sched rr\n  lvs_method NAT\n  protocol TCP\n");
            for (int i = 0; i < n; i++) {
                conf.append("  real_server ").append(BenchResponder.address(i, port).getAddress().getHostAddress()).append(' ').append(port)
                        .append(" {\n    weight 1\n    HTTP_GET {\n      url {\n        path /healthz\n        status_code 200\n      }\n"
                                + "      connect_timeout 2\n      retry 1\n      delay_before_retry 1\n    }\n  }\n");
            }
            conf.append("}\n");
            Path cf = dir.resolve("keepalived.conf");
            Files.writeString(cf, conf);
            Path clientBin = MinimalHttpClient.compile(dir);
            List<MinimalHttpClient> minimal = new ArrayList<>();
            for (int tick : allClients ? new int[] {0, 10} : new int[0]) {
                minimal.add(MinimalHttpClient.start(clientBin, n, "10.200", port, tick));
            }
            minimal.add(MinimalHttpClient.start(clientBin, n, "10.200", port, 0, true));
            Path checkPid = dir.resolve("check.pid");
            Process ka = new ProcessBuilder("keepalived", "-n", "-l", "-C", "-f", cf.toString(), "-p", dir.resolve("ka.pid").toString(),
                    "-c", checkPid.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("ka.log").toFile()).start();

            // the same servers, URL, status rule and timing as keepalived's configuration above
            CheckTiming timing = new CheckTiming(Duration.ofSeconds(1), Duration.ofSeconds(2), 1, Duration.ofSeconds(1), Duration.ofSeconds(1), false);
            List<RealServerSpec> servers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                InetSocketAddress a = BenchResponder.address(i, port);
                servers.add(new RealServerSpec("VS", RealServerSpec.keepalivedId(a, "tcp"), a, 1, List.of(new CheckerSpec.Http(timing,
                        Connection.to(a), false, CheckerSpec.HttpProtocol.HTTP_1_0,
                        List.of(new UrlSpec("/healthz", dev.fulcrum.healthcheck.spec.StatusCodes.parse(List.of("200")), java.util.Optional.empty(),
                                java.util.Optional.empty())), false,
                        CheckerSpec.Tls.KEEPALIVED_DEFAULT, CheckerSpec.DEFAULT_MAX_BODY_BYTES))));
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var mx = ManagementFactory.getThreadMXBean();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (NettyCheckers runtime = new NettyCheckers(1, checksPerConnection)) {
                var warmThreads0 = ThreadCpu.snapshot();
                long warmCpu0 = os.getProcessCpuTime();
                long warmHarness0 = mx.getCurrentThreadCpuTime();
                CheckScheduler s = new CheckScheduler(new CheckPlan(servers), runtime, new EventLoopTaskTimer(runtime.group().next(), slack),
                        e -> { }, registry, new Random(1));
                s.start();
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                // a daemon runs for days: measure after the JIT has settled (compiler threads < 1 % of a core), at most 3 more
                // minutes (under TCG it may not settle: its CPU in the window is in the breakdown below)
                for (int i = 0; i < 18; i++) {
                    long jit0 = ThreadCpu.snapshot().getOrDefault("C CompilerThre", 0L);
                    Thread.sleep(10_000);
                    long jit = ThreadCpu.snapshot().getOrDefault("C CompilerThre", 0L) - jit0;
                    if (jit < 10) {
                        break;
                    }
                }
                long kaPid = Long.parseLong(Files.readString(checkPid).trim());

                var threads0 = ThreadCpu.snapshot();
                long harness0 = mx.getCurrentThreadCpuTime();
                long c0 = os.getProcessCpuTime();
                long[] fuSplit0 = ThreadCpu.userSys(ProcessHandle.current().pid());
                long[] kaSplit0 = ThreadCpu.userSys(kaPid);
                long kaCpu0 = kaSplit0[0] + kaSplit0[1];
                long kaSleeps0 = ThreadCpu.sleeps(kaPid);
                long fuSleeps0 = ThreadCpu.sleeps("fulcrum-check");
                List<long[]> min0 = new ArrayList<>();
                for (MinimalHttpClient m : minimal) {
                    min0.add(m.sample());
                }
                long all0 = count(to, from);
                double fu0 = fulcrumChecks(registry);
                long t0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                long all1 = count(to, from);
                double fu1 = fulcrumChecks(registry);
                List<long[]> min1 = new ArrayList<>();
                for (MinimalHttpClient m : minimal) {
                    min1.add(m.sample());
                }
                long[] kaSplit1 = ThreadCpu.userSys(kaPid);
                long kaCpu = kaSplit1[0] + kaSplit1[1] - kaCpu0;
                long kaSleeps = ThreadCpu.sleeps(kaPid) - kaSleeps0;
                long fuSleeps = ThreadCpu.sleeps("fulcrum-check") - fuSleeps0;
                long fuCpuRaw = os.getProcessCpuTime() - c0;
                long[] fuSplit1 = ThreadCpu.userSys(ProcessHandle.current().pid());
                // this (main) thread only runs the harness (sleep, responder counts, /proc reads): not the checker's CPU
                long harnessCpu = mx.getCurrentThreadCpuTime() - harness0;
                long fuCpu = fuCpuRaw - harnessCpu;
                double wall = (System.nanoTime() - t0) / 1e9;
                String breakdown = ThreadCpu.delta(threads0, ThreadCpu.snapshot());
                s.close();
                for (MinimalHttpClient m : minimal) {
                    m.close();
                }
                ka.destroy();
                ka.waitFor(20, TimeUnit.SECONDS);
                if (ka.isAlive()) {
                    ka.destroyForcibly();
                }

                long fuReq = Math.round(fu1 - fu0);
                // the responder answers everyone; Fulcrum and the C clients count their own checks
                long kaReq = (all1 - all0) - fuReq;
                long kaWarmReq = all0 - Math.round(fu0);
                for (int i = 0; i < minimal.size(); i++) {
                    kaReq -= min1.get(i)[0] - min0.get(i)[0];
                    kaWarmReq -= min0.get(i)[0];
                }
                long fuWarmReq = Math.round(fu0);
                long fuWarmCpu = (c0 - warmCpu0) - (harness0 - warmHarness0);
                double kaPer = kaCpu * (1e6 / ThreadCpu.CLK_TCK) / Math.max(1, kaReq);
                double fuPer = fuCpu / 1e3 / Math.max(1, fuReq);
                out.println();
                out.printf("HTTP_GET CPU per check, %d servers, delay_loop 1 s, both checkers at once against the same responder, "
                        + "%d s measured after %d s warm-up (+ until the JIT settled); fulcrum's checks per connection: %s, timer slack %d ms%n", n, seconds, warmup,
                        checksPerConnection == 1 ? "1 (a new connection per check, as keepalived)" : checksPerConnection == 0 ? "no limit" : checksPerConnection,
                        slack.toMillis());
                out.printf("%-22s %12s %14s %16s%n", "checker", "checks/s", "CPU s", "CPU/check µs");
                out.printf("%-22s %12.1f %14.2f %16.1f%n", "keepalived checker", kaReq / wall, kaCpu / (double) ThreadCpu.CLK_TCK, kaPer);
                out.printf("%-22s %12.1f %14.2f %16.1f%n", "fulcrum engine (JVM)", fuReq / wall, fuCpu / 1e9, fuPer);
                out.printf("ratio fulcrum/keepalived CPU per check: %.2f%n", fuPer / kaPer);
                for (int i = 0; i < minimal.size(); i++) {
                    out.println(minimal.get(i).line(min0.get(i), min1.get(i), wall, kaPer));
                }
                out.println("fulcrum CPU by thread kind: " + breakdown);
                out.printf("sleeps (voluntary context switches) per check: keepalived checker %.2f, fulcrum event loop %.2f%n",
                        kaSleeps / (double) Math.max(1, kaReq), fuSleeps / (double) Math.max(1, fuReq));
                out.printf("benchmark harness thread (excluded from fulcrum's CPU): %.2f s%n", harnessCpu / 1e9);
                out.printf("warm-up (start to window, reported apart): keepalived checker %.2f s CPU for %d checks (%.1f µs/check), "
                                + "fulcrum %.2f s CPU for %d checks (%.1f µs/check; %s)%n",
                        kaCpu0 / (double) ThreadCpu.CLK_TCK, kaWarmReq, kaCpu0 * (1e6 / ThreadCpu.CLK_TCK) / Math.max(1, kaWarmReq),
                        fuWarmCpu / 1e9, fuWarmReq, fuWarmCpu / 1e3 / Math.max(1, fuWarmReq), ThreadCpu.delta(warmThreads0, threads0));
                out.printf("user / kernel CPU s: keepalived %.2f / %.2f, fulcrum (whole JVM, harness included) %.2f / %.2f%n",
                        (kaSplit1[0] - kaSplit0[0]) / (double) ThreadCpu.CLK_TCK, (kaSplit1[1] - kaSplit0[1]) / (double) ThreadCpu.CLK_TCK,
                        (fuSplit1[0] - fuSplit0[0]) / (double) ThreadCpu.CLK_TCK, (fuSplit1[1] - fuSplit0[1]) / (double) ThreadCpu.CLK_TCK);
            }
        } finally {
            to.println("quit");
            responder.waitFor(10, TimeUnit.SECONDS);
            responder.destroyForcibly();
            run("ip", "route", "del", "local", "10.200.0.0/16", "dev", "lo");
        }
    }

    static double fulcrumChecks(SimpleMeterRegistry registry) {
        return registry.get("fulcrum.healthcheck.checks").tag("checker", "HTTP_GET").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    static long count(PrintStream to, BufferedReader from) throws Exception {
        to.println("count");
        for (int i = 0; i < 100; i++) {
            String line = from.readLine();
            if (line != null && line.startsWith("count ")) {
                return Long.parseLong(line.substring("count ".length()));
            }
        }
        throw new IllegalStateException("responder does not answer count");
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
    }
}

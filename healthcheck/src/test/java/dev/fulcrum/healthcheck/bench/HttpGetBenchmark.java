package dev.fulcrum.healthcheck.bench;

import dev.fulcrum.healthcheck.check.NettyCheckers;
import dev.fulcrum.healthcheck.engine.CheckScheduler;
import dev.fulcrum.healthcheck.engine.EventLoopTaskTimer;
import dev.fulcrum.healthcheck.engine.HealthEvent;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (prints a table, asserts nothing): N real servers on loopback aliases served by
 * {@link BenchResponder} in a child JVM, all checked by HTTP_GET at delay_loop 1 through the full
 * engine. Reports sustained checks/s, this JVM's CPU as a share of all cores, heap after GC, p99 check
 * latency, and the time from killing servers to their down events. The minimal C checker
 * ({@link MinimalHttpClient}) checks the same servers at the same rate over the same window, so that
 * Fulcrum's CPU per check can be read against what the kernel's work alone costs on this machine.
 *
 * <p>Run after {@code mvn -o -q -pl healthcheck test-compile}:
 * {@code java -cp healthcheck/target/test-classes:healthcheck/target/classes:DEPENDENCIES dev.fulcrum.healthcheck.bench.HttpGetBenchmark [servers] [seconds] [warm-up seconds] [checks per connection]}
 * (DEPENDENCIES: the module's test class path, including netty's linux-x86_64 epoll jar). Defaults: 2000
 * servers, 30 s measured after 10 s. Loopback only: every 127.0.x.y is local on Linux without configuration.
 */
public final class HttpGetBenchmark {
    private static volatile boolean killing;

    /** Bytes allocated so far by the checker's event-loop threads (the engine runs on one of them). */
    static long checkerThreadAllocatedBytes() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("fulcrum-check")) {
                sum += mx.getThreadAllocatedBytes(info.getThreadId());
            }
        }
        return sum;
    }

    /** Counts failure reasons as outcomes pass through. */
    private record CountReason(Map<String, java.util.concurrent.atomic.LongAdder> reasons)
            implements java.util.function.Function<dev.fulcrum.healthcheck.engine.CheckOutcome, dev.fulcrum.healthcheck.engine.CheckOutcome> {
        @Override
        public dev.fulcrum.healthcheck.engine.CheckOutcome apply(dev.fulcrum.healthcheck.engine.CheckOutcome o) {
            if (o instanceof dev.fulcrum.healthcheck.engine.CheckOutcome.Failure f) {
                reasons.computeIfAbsent(f.reason(), k -> new java.util.concurrent.atomic.LongAdder()).increment();
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        // fulcrum.healthcheck.http.checks-per-connection: 1 a new connection per check (keepalived's way), 0 no limit
        int checksPerConnection = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        // fulcrum.healthcheck.timer-slack in ms (default the daemon's)
        Duration slack = args.length > 4 ? Duration.ofMillis(Long.parseLong(args[4])) : EventLoopTaskTimer.DEFAULT_SLACK;
        int killCount = Math.min(20, n / 10);
        int port = 18000 + new Random().nextInt(1000);
        PrintStream out = System.out;

        Process responder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), BenchResponder.class.getName(), Integer.toString(n), Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader fromResponder = new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.US_ASCII));
        PrintStream toResponder = new PrintStream(responder.getOutputStream(), true, StandardCharsets.US_ASCII);
        if (!BenchResponder.awaitReady(fromResponder)) {
            throw new IllegalStateException("responder failed");
        }

        MinimalHttpClient minimal = MinimalHttpClient.start(MinimalHttpClient.compile(java.nio.file.Files.createTempDirectory("floor")),
                n, "127.0", port, 0, checksPerConnection != 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("fulcrum.healthcheck.latency")) {
                    return DistributionStatisticConfig.builder().percentiles(0.5, 0.99).expiry(Duration.ofSeconds(seconds * 2L))
                            .bufferLength(1).build().merge(config);
                }
                return config;
            }
        });
        CheckTiming timing = new CheckTiming(Duration.ofSeconds(1), Duration.ofSeconds(2), 1, Duration.ofSeconds(1), Duration.ofSeconds(1), false);
        List<RealServerSpec> servers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            InetSocketAddress a = BenchResponder.address(i, port);
            CheckerSpec.Http http = new CheckerSpec.Http(timing, Connection.to(a), false, CheckerSpec.HttpProtocol.HTTP_1_0,
                    List.of(UrlSpec.of("/healthz")), false, CheckerSpec.Tls.KEEPALIVED_DEFAULT, CheckerSpec.DEFAULT_MAX_BODY_BYTES);
            servers.add(new RealServerSpec("VS", RealServerSpec.keepalivedId(a, "tcp"), a, 1, List.of(http)));
        }
        Map<String, Long> downAt = new ConcurrentHashMap<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        try (NettyCheckers runtime = new NettyCheckers(cores, checksPerConnection)) {
            Map<String, java.util.concurrent.atomic.LongAdder> reasons = new ConcurrentHashMap<>();
            dev.fulcrum.healthcheck.engine.CheckerFactory counting = spec -> {
                dev.fulcrum.healthcheck.engine.Checker c = runtime.create(spec);
                return new dev.fulcrum.healthcheck.engine.Checker() {
                    @Override
                    public CheckerSpec spec() {
                        return spec;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<dev.fulcrum.healthcheck.engine.CheckOutcome> run(int step) {
                        // a record, not a lambda: under C1 a capturing lambda costs a runtime call per check, which would be
                        // charged to Fulcrum's figure
                        return c.run(step).thenApply(new CountReason(reasons));
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            };
            CheckScheduler scheduler = new CheckScheduler(new CheckPlan(servers), counting,
                    new EventLoopTaskTimer(runtime.group().next(), slack), e -> {
                        if (e instanceof HealthEvent.ServerChanged sc && !sc.alive() && killing) {
                            downAt.putIfAbsent(sc.server().id(), System.nanoTime());
                        }
                    }, registry, new Random(1));
            scheduler.start();
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup)); // bootstrap + warmup + JIT
            Counter ok = registry.get("fulcrum.healthcheck.checks").tag("result", "success").tag("checker", "HTTP_GET").counter();
            Counter failed = registry.get("fulcrum.healthcheck.checks").tag("result", "failure").tag("checker", "HTTP_GET").counter();
            double c0 = ok.count() + failed.count();
            double f0 = failed.count();
            var threads0 = ThreadCpu.snapshot();
            long sleeps0 = ThreadCpu.sleeps("fulcrum-check");
            long alloc0 = checkerThreadAllocatedBytes();
            long[] userSys0 = ThreadCpu.userSys(ProcessHandle.current().pid());
            long[] min0 = minimal.sample();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long heapMax = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                heapMax = Math.max(heapMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long[] min1 = minimal.sample();
            minimal.close();
            String breakdown = ThreadCpu.delta(threads0, ThreadCpu.snapshot());
            long sleeps = ThreadCpu.sleeps("fulcrum-check") - sleeps0;
            long allocated = checkerThreadAllocatedBytes() - alloc0;
            long[] userSys1 = ThreadCpu.userSys(ProcessHandle.current().pid());
            double checks = ok.count() + failed.count() - c0;
            double failedInWindow = failed.count() - f0;
            System.gc();
            long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            Timer latency = registry.get("fulcrum.healthcheck.latency").tag("checker", "HTTP_GET").timer();
            ValueAtPercentile[] pct = latency.takeSnapshot().percentileValues();

            // kill some servers and time their down events
            killing = true;
            long[] killedAt = new long[killCount];
            for (int k = 0; k < killCount; k++) {
                int idx = k * (n / killCount);
                toResponder.println("kill " + idx);
                fromResponder.readLine();
                killedAt[k] = System.nanoTime();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (downAt.size() < killCount && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long[] detect = new long[killCount];
            for (int k = 0; k < killCount; k++) {
                String id = RealServerSpec.keepalivedId(BenchResponder.address(k * (n / killCount), port), "tcp");
                Long at = downAt.get(id);
                detect[k] = at == null ? -1 : TimeUnit.NANOSECONDS.toMillis(at - killedAt[k]);
            }
            Arrays.sort(detect);
            scheduler.close();

            out.println();
            out.println("HTTP_GET benchmark (delay_loop 1 s, loopback, responder in a separate JVM)");
            out.printf("%-38s %s%n", "real servers (127.0.x.y aliases)", n);
            out.printf("%-38s %s%n", "checks per connection", checksPerConnection == 1 ? "1 (a new connection per check)"
                    : checksPerConnection == 0 ? "no limit (C client keeps its connections too)" : checksPerConnection + " (C client keeps its connections)");
            out.printf("%-38s %d ms%n", "timer slack", slack.toMillis());
            out.printf("%-38s %.0f /s (failures %.0f)%n", "checks sustained", checks / (wall / 1e9), failedInWindow);
            out.printf("%-38s %.1f %% of %d cores (%.1f %% of one core)%n", "checker JVM CPU", 100.0 * cpu / wall / cores, cores, 100.0 * cpu / wall);
            out.printf("%-38s %.1f µs%n", "CPU per check", cpu / 1e3 / checks);
            out.printf("%-38s %s; Fulcrum / C client %.2f%n", "same servers, same window", minimal.line(min0, min1, wall / 1e9, 0),
                    cpu / 1e3 / checks / MinimalHttpClient.cpuPerCheckMicros(min0, min1));
            out.printf("%-38s %s%n", "CPU by thread kind", breakdown);
            out.printf("%-38s %.2f%n", "event loop sleeps per check", sleeps / checks);
            out.printf("%-38s user %.2f s, kernel %.2f s%n", "CPU user / kernel", (userSys1[0] - userSys0[0]) / (double) ThreadCpu.CLK_TCK,
                    (userSys1[1] - userSys0[1]) / (double) ThreadCpu.CLK_TCK);
            out.printf("%-38s %.1f KiB%n", "allocated per check (checker threads)", allocated / 1024.0 / checks);
            out.printf("%-38s %.1f MiB peak used, %.1f MiB after GC%n", "heap", heapMax / 1048576.0, heapAfterGc / 1048576.0);
            for (ValueAtPercentile p : pct) {
                out.printf("%-38s %.2f ms%n", "check latency p" + (int) (p.percentile() * 100), p.value(TimeUnit.MILLISECONDS));
            }
            out.printf("%-38s %.2f ms%n", "check latency max", latency.max(TimeUnit.MILLISECONDS));
            out.printf("%-38s %s%n", "failure reasons (whole run)", reasons);
            out.printf("%-38s %d killed; min %d ms, median %d ms, max %d ms (retry 1, delay_before_retry 1 s)%n",
                    "death -> down event", killCount, detect[0], detect[killCount / 2], detect[killCount - 1]);
        } finally {
            minimal.close();
            toResponder.println("quit");
            if (!responder.waitFor(5, TimeUnit.SECONDS)) {
                responder.destroyForcibly();
            }
        }
    }
}

package dev.fulcrum.healthcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.lab.ScriptedHttpServer;
import io.netty.util.ResourceLeakDetector;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * 10,000 failing checks (5,000 against a server that hangs after accept, 5,000 against one that resets)
 * must leave open file descriptors, Netty direct memory and threads where they were, and must not leak
 * a single buffer (Netty's leak detector at PARANOID samples every buffer).
 */
@Tag("netns")
class ResourceIT {
    static final int WAVE = 500;

    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Direct memory held by the allocator every channel uses (pooled by default). */
    static long directMemory() {
        io.netty.buffer.ByteBufAllocator a = io.netty.buffer.ByteBufAllocator.DEFAULT;
        long used = ((io.netty.buffer.ByteBufAllocatorMetricProvider) a).metric().usedDirectMemory();
        assertTrue(used >= 0, "allocator reports its direct memory");
        return used;
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** What checks could leak: open fds, threads, the allocator's direct memory. */
    record Usage(int fds, int threads, long direct) {
        static Usage now() {
            return new Usage(openFds(), ResourceIT.threads(), directMemory());
        }

        /** Asserts each is back at (or below) {@code baseline}. */
        void assertBackTo(Usage baseline) {
            assertTrue(fds <= baseline.fds, "open fds back at baseline: " + baseline.fds + " -> " + fds);
            assertTrue(threads <= baseline.threads, "threads back at baseline: " + baseline.threads + " -> " + threads);
            assertTrue(direct <= baseline.direct, "direct memory back at baseline: " + baseline.direct + " -> " + direct);
        }

        String since(Usage baseline) {
            return String.format("fds %d -> %d, threads %d -> %d, netty direct %d -> %d bytes", baseline.fds, fds, baseline.threads, threads,
                    baseline.direct, direct);
        }
    }

    static void waves(NettyCheckers runtime, Checker checker, int total, String expectedReason) throws Exception {
        for (int done = 0; done < total; done += WAVE) {
            List<CompletableFuture<CheckOutcome>> wave = new ArrayList<>();
            for (int i = 0; i < WAVE; i++) {
                wave.add(checker.run(Checker.ALL_STEPS).toCompletableFuture());
            }
            for (CompletableFuture<CheckOutcome> f : wave) {
                CheckOutcome o = f.get(30, TimeUnit.SECONDS);
                assertTrue(o instanceof CheckOutcome.Failure, "must fail");
                String r = ((CheckOutcome.Failure) o).reason();
                assertTrue(r.equals(expectedReason) || (expectedReason.equals("reset") && r.equals("closed before response")), r);
            }
        }
    }

    static void settle(HostileServer... servers) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            boolean idle = true;
            for (HostileServer s : servers) {
                idle &= s.open.get() == 0;
            }
            if (idle) {
                break;
            }
            Thread.sleep(10);
        }
        System.gc();
        Thread.sleep(200);
    }

    @Test
    void tenThousandFailingChecksLeaveNoResourcesBehind() throws Exception {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Logger leakLog = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        leaks.start();
        leakLog.addAppender(leaks);
        try (HostileServer hang = new HostileServer(HostileServer.Mode.HANG);
             HostileServer reset = new HostileServer(HostileServer.Mode.RESET);
             NettyCheckers runtime = new NettyCheckers(2)) {
            Checker hangCheck = runtime.create(Specs.http(hang.port(), 100, Specs.url("/", null)));
            Checker resetCheck = runtime.create(Specs.http(reset.port(), 5000, Specs.url("/", null)));
            // warm up to the same concurrency so pools, threads and lazily opened fds exist before the baseline
            waves(runtime, hangCheck, WAVE, "timeout");
            waves(runtime, resetCheck, WAVE, "reset");
            settle(hang, reset);
            Usage baseline = Usage.now();

            long t0 = System.nanoTime();
            waves(runtime, hangCheck, 5_000, "timeout");
            waves(runtime, resetCheck, 5_000, "reset");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            settle(hang, reset);
            Usage after = Usage.now();
            System.out.printf("resource test: 10000 failing checks in %d ms; %s, leak reports %d%n", ms, after.since(baseline), leaks.list.size());
            after.assertBackTo(baseline);
            assertEquals(0, hang.open.get() + reset.open.get(), "no connection left open on the servers");
            // provoke the leak detector: it reports on allocation after GC found an unreleased buffer
            for (int i = 0; i < 200; i++) {
                io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(64).release();
            }
            assertTrue(leaks.list.stream().noneMatch(e -> e.getFormattedMessage().contains("LEAK")), "no buffer leaked: " + leaks.list);
        } finally {
            leakLog.detachAppender(leaks);
            ResourceLeakDetector.setLevel(before);
        }
    }

    /** {@code rounds} checks on each checker at once, per round; returns how many failed (a hang is a timeout). */
    static int keptRounds(List<Checker> checkers, int rounds) throws Exception {
        int failed = 0;
        for (int r = 0; r < rounds; r++) {
            List<CompletableFuture<CheckOutcome>> round = new ArrayList<>();
            for (Checker c : checkers) {
                round.add(c.run(Checker.ALL_STEPS).toCompletableFuture());
            }
            for (CompletableFuture<CheckOutcome> f : round) {
                CheckOutcome o = f.get(30, TimeUnit.SECONDS);
                if (!o.ok()) {
                    assertEquals("timeout", ((CheckOutcome.Failure) o).reason());
                    failed++;
                }
            }
        }
        return failed;
    }

    @Test
    void keptConnectionsThroughClosesAndHangsLeaveNoResourcesOnceTheCheckersClose() throws Exception {
        // every connection answers twice, then closes under the 3rd request (retried on a new connection);
        // every 5th connection hangs on its 2nd request instead (a timeout, and the connection dropped)
        ScriptedHttpServer.Script script = (conn, req) -> conn % 5 == 0 && req == 2 ? ScriptedHttpServer.Act.HANG
                : req >= 3 ? ScriptedHttpServer.Act.CLOSE : ScriptedHttpServer.Act.ANSWER;
        try (ScriptedHttpServer server = new ScriptedHttpServer(script);
             NettyCheckers runtime = new NettyCheckers(2, 0)) {
            java.util.function.Supplier<List<Checker>> make = () -> {
                List<Checker> l = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    l.add(runtime.create(new CheckerSpec.Http(Specs.timing(500), Specs.local(server.port()), false,
                            CheckerSpec.HttpProtocol.HTTP_1_1, List.of(Specs.url("/", null)), false, CheckerSpec.Tls.KEEPALIVED_DEFAULT,
                            CheckerSpec.DEFAULT_MAX_BODY_BYTES)));
                }
                return l;
            };
            List<Checker> warm = make.get();
            keptRounds(warm, 6);
            warm.forEach(Checker::close);
            Thread.sleep(300);
            System.gc();
            Thread.sleep(200);
            Usage baseline = Usage.now();
            int conns0 = server.connections.get();

            List<Checker> checkers = make.get();
            int failed = keptRounds(checkers, 20);
            int conns = server.connections.get() - conns0;
            int fdOpen = openFds();
            checkers.forEach(Checker::close);
            for (int i = 0; i < 250 && server.open.get() > 0; i++) {
                Thread.sleep(20);
            }
            System.gc();
            Thread.sleep(200);
            Usage after = Usage.now();
            System.out.printf("kept connections: 2000 checks on %d connections, %d timeouts; %s (%d fds with the checkers open)%n", conns, failed,
                    after.since(baseline), fdOpen);
            assertTrue(conns < 2000 && conns >= 2000 / 3, "connections were kept, for at most 3 requests each: " + conns);
            assertTrue(failed > 0, "hangs were met");
            assertTrue(fdOpen > baseline.fds(), "checkers hold their parked connections");
            after.assertBackTo(baseline);
            assertEquals(0, server.open.get(), "no connection left open on the server");
        }
    }
}

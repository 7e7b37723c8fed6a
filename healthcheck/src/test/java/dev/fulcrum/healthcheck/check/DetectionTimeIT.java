package dev.fulcrum.healthcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.CheckScheduler;
import dev.fulcrum.healthcheck.engine.EventLoopTaskTimer;
import dev.fulcrum.healthcheck.engine.HealthEvent;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole engine on real time against real servers: each server dies in its own way, and the down
 * event must come after exactly retry + 1 failed attempts, (retry + 1) attempts plus retry ×
 * delay_before_retry after the first failed attempt started, give or take one delay_before_retry.
 */
@Tag("netns")
class DetectionTimeIT {
    static final int RETRY = 2;
    static final Duration DBR = Duration.ofMillis(300);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(400);
    static final Duration DELAY_LOOP = Duration.ofSeconds(1);

    @TempDir
    Path www;

    @Test
    void eachWayOfDyingIsDetectedAfterRetryPlusOneAttempts() throws Exception {
        Files.writeString(www.resolve("index.html"), "ok\n");
        CheckTiming t = new CheckTiming(DELAY_LOOP, CONNECT_TIMEOUT, RETRY, DBR, Duration.ZERO, false);
        LoopbackFixtures.External busybox = LoopbackFixtures.busyboxHttpd(www);
        HostileServer hang = new HostileServer(HostileServer.Mode.OK);
        HostileServer reset = new HostileServer(HostileServer.Mode.OK);
        HostileServer status = new HostileServer(HostileServer.Mode.OK);
        HostileServer garbage = new HostileServer(HostileServer.Mode.OK);
        Map<String, Runnable> killers = Map.of(
                "busybox-killed", () -> {
                    try {
                        busybox.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "hang", () -> hang.mode = HostileServer.Mode.HANG,
                "reset", () -> reset.mode = HostileServer.Mode.RESET,
                "status", () -> status.mode = HostileServer.Mode.STATUS_503,
                "garbage", () -> garbage.mode = HostileServer.Mode.GARBAGE);
        Map<String, Integer> ports = Map.of("busybox-killed", busybox.port(), "hang", hang.port(), "reset", reset.port(),
                "status", status.port(), "garbage", garbage.port());
        List<RealServerSpec> servers = new ArrayList<>();
        for (var e : ports.entrySet()) {
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", e.getValue());
            CheckerSpec.Http spec = new CheckerSpec.Http(t, Specs.local(e.getValue()), false, CheckerSpec.HttpProtocol.HTTP_1_1,
                    List.of(Specs.url(e.getKey().equals("busybox-killed") ? "/index.html" : "/", null)), false,
                    CheckerSpec.Tls.KEEPALIVED_DEFAULT, CheckerSpec.DEFAULT_MAX_BODY_BYTES);
            servers.add(new RealServerSpec("VS", e.getKey(), a, 1, List.of(spec)));
        }
        AttemptLog attempts = new AttemptLog();
        List<HealthEvent.ServerChanged> events = new CopyOnWriteArrayList<>();
        Map<String, Long> eventAt = new ConcurrentHashMap<>();
        try (NettyCheckers runtime = new NettyCheckers(2)) {
            CheckScheduler scheduler = new CheckScheduler(new CheckPlan(servers), attempts.recording(runtime, servers),
                    new EventLoopTaskTimer(runtime.group().next()), e -> {
                if (e instanceof HealthEvent.ServerChanged sc) {
                    eventAt.put(sc.server().id(), System.nanoTime());
                    events.add(sc);
                }
            }, new SimpleMeterRegistry(), new Random(3));
            scheduler.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (attempts.serversAttempted() < ports.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(events.isEmpty(), "all healthy at start: " + events);
            killers.values().forEach(Runnable::run);
            long killedAt = System.nanoTime();
            deadline = System.nanoTime() + 10_000_000_000L;
            while (events.size() < ports.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            scheduler.close();
            assertEquals(ports.size(), events.size(), "every server detected dead: " + events);
            for (HealthEvent.ServerChanged sc : events) {
                String name = sc.server().id();
                assertFalse(sc.alive());
                List<AttemptLog.Attempt> failed = attempts.of(name).stream().filter(a -> a.startNanos() >= killedAt && !a.outcome().ok()).toList();
                assertTrue(failed.size() >= RETRY + 1, name + " failed attempts " + failed.size());
                long firstFail = failed.get(0).startNanos();
                Duration latency = failed.get(0).outcome().latency();
                Duration expected = latency.multipliedBy(RETRY + 1).plus(DBR.multipliedBy(RETRY));
                Duration detection = Duration.ofNanos(eventAt.get(name) - firstFail);
                System.out.printf("detection %-15s reason %-28s first-failure->down %5d ms (expected %5d ms ± %d), death->down %5d ms%n",
                        name, sc.reason(), detection.toMillis(), expected.toMillis(), DBR.toMillis(),
                        Duration.ofNanos(eventAt.get(name) - killedAt).toMillis());
                assertTrue(detection.minus(expected).abs().compareTo(DBR) <= 0, name + ": detection " + detection + " expected " + expected);
                String want = switch (name) {
                    case "busybox-killed" -> "refused";
                    case "hang" -> "timeout";
                    case "reset" -> "reset";
                    case "status" -> "status 503";
                    default -> "invalid response";
                };
                assertTrue(sc.reason().startsWith(want) || (name.equals("reset") && sc.reason().equals("closed before response")),
                        name + " reason " + sc.reason());
            }
        } finally {
            hang.close();
            reset.close();
            status.close();
            garbage.close();
            busybox.close();
        }
    }
}

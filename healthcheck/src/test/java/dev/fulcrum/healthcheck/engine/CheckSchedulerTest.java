package dev.fulcrum.healthcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome.DynamicWeight;
import dev.fulcrum.healthcheck.engine.HealthEvent.CheckerChanged;
import dev.fulcrum.healthcheck.engine.HealthEvent.ServerChanged;
import dev.fulcrum.healthcheck.engine.HealthEvent.WeightChanged;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import dev.fulcrum.healthcheck.spec.CheckerKind;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckSchedulerTest {
    private final SimulatedTimer timer = new SimulatedTimer();
    private final List<HealthEvent> events = new ArrayList<>();
    private final Map<CheckerSpec, ScriptedChecker> checkers = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private int steps = 1;
    private boolean fastRecovery = true;

    static CheckTiming timing(int delayLoopS, int retry, int delayBeforeRetryS, boolean alpha) {
        return new CheckTiming(Duration.ofSeconds(delayLoopS), Duration.ofSeconds(1), retry,
                Duration.ofSeconds(delayBeforeRetryS), Duration.ZERO, alpha);
    }

    static CheckerSpec tcp(CheckTiming t, int port) {
        return new CheckerSpec.Tcp(t, Connection.to(new InetSocketAddress("192.0.2.1", port)));
    }

    static RealServerSpec server(int weight, CheckerSpec... specs) {
        InetSocketAddress a = new InetSocketAddress("192.0.2.1", 80);
        return new RealServerSpec("VS1", RealServerSpec.keepalivedId(a, "tcp"), a, weight, List.of(specs));
    }

    CheckScheduler start(RealServerSpec... servers) {
        CheckScheduler s = new CheckScheduler(new CheckPlan(List.of(servers)), spec -> {
            ScriptedChecker c = new ScriptedChecker(spec, timer, steps, fastRecovery);
            checkers.put(spec, c);
            return c;
        }, timer, events::add, registry, new Random(42));
        s.start();
        timer.advance(Duration.ZERO);
        return s;
    }

    <T extends HealthEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void withoutAlphaTheFirstFailureIsFinalBecauseTheCounterStartsAtRetry() {
        CheckerSpec spec = tcp(timing(10, 3, 2, false), 80);
        CheckScheduler s = start(server(1, spec));
        assertTrue(s.snapshot().get(0).alive(), "non-alpha server starts alive");
        checkers.get(spec).fail("refused");
        timer.advance(Duration.ofSeconds(2)); // bootstrap 1 s, warmup 0 -> first attempt at ~1 s
        assertEquals(1, checkers.get(spec).startedAt.size());
        List<CheckerChanged> cc = eventsOf(CheckerChanged.class);
        assertEquals(1, cc.size());
        assertFalse(cc.get(0).up());
        assertEquals("refused", cc.get(0).reason());
        assertEquals(Duration.ofMillis(2), cc.get(0).latency());
        assertEquals(1, cc.get(0).attempts());
        assertFalse(eventsOf(ServerChanged.class).get(0).alive());
    }

    @Test
    void anUpCheckerGoesDownAfterRetryPlusOneConsecutiveFailuresSpacedByDelayBeforeRetry() {
        CheckerSpec spec = tcp(timing(10, 2, 3, false), 80);
        start(server(1, spec));
        ScriptedChecker c = checkers.get(spec);
        timer.advance(Duration.ofSeconds(2)); // first attempt succeeds -> counter reset
        assertTrue(events.isEmpty(), "a success on an up checker is not a transition");
        c.fail("timeout");
        Duration firstFailureAt = timer.now();
        timer.advance(Duration.ofSeconds(10 + 3 + 3 + 1)); // delay_loop, then two retries
        List<CheckerChanged> cc = eventsOf(CheckerChanged.class);
        assertEquals(1, cc.size(), events.toString());
        assertEquals("timeout", cc.get(0).reason());
        assertEquals(3, cc.get(0).attempts());
        List<Duration> at = c.startedAt;
        assertEquals(4, at.size());
        assertEquals(Duration.ofSeconds(10).plusMillis(2), at.get(1).minus(at.get(0)), "healthy: next after delay_loop");
        assertEquals(Duration.ofSeconds(3).plusMillis(2), at.get(2).minus(at.get(1)), "retry after delay_before_retry");
        assertEquals(Duration.ofSeconds(3).plusMillis(2), at.get(3).minus(at.get(2)));
        assertTrue(firstFailureAt.compareTo(at.get(1)) <= 0);
        // once down, it keeps checking every delay_loop without further events
        timer.advance(Duration.ofSeconds(35));
        assertEquals(Duration.ofSeconds(10).plusMillis(2), c.startedAt.get(4).minus(c.startedAt.get(3)));
        assertEquals(1, eventsOf(CheckerChanged.class).size());
    }

    @Test
    void aSuccessBetweenFailuresResetsTheRetryCounter() {
        CheckerSpec spec = tcp(timing(5, 1, 1, false), 80);
        start(server(1, spec));
        ScriptedChecker c = checkers.get(spec);
        timer.advance(Duration.ofSeconds(2));
        // fail, succeed, fail, succeed ... never two in a row
        int[] n = {0};
        c.behaviour = step -> (n[0]++ % 2 == 0) ? new CheckOutcome.Failure("status 503", Duration.ofMillis(1))
                : CheckOutcome.Success.of(Duration.ofMillis(1));
        timer.advance(Duration.ofSeconds(60));
        assertTrue(c.startedAt.size() > 10);
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void alphaStartsDownAndOneSuccessBringsCheckerAndServerUp() {
        CheckerSpec spec = tcp(timing(10, 1, 1, true), 80);
        CheckScheduler s = start(server(5, spec));
        assertFalse(s.snapshot().get(0).alive(), "alpha server starts dead");
        assertEquals(0.0, registry.get("fulcrum.healthcheck.servers.alive").gauge().value());
        timer.advance(Duration.ofSeconds(2));
        List<ServerChanged> sc = eventsOf(ServerChanged.class);
        assertEquals(1, sc.size());
        assertTrue(sc.get(0).alive());
        assertEquals(5, sc.get(0).weight());
        assertTrue(eventsOf(CheckerChanged.class).get(0).up());
        assertTrue(s.snapshot().get(0).alive());
        assertEquals(1.0, registry.get("fulcrum.healthcheck.servers.alive").gauge().value());
    }

    @Test
    void alphaCheckerThatKeepsFailingProducesNoEvents() {
        CheckerSpec spec = tcp(timing(10, 1, 1, true), 80);
        start(server(1, spec));
        checkers.get(spec).fail("refused");
        timer.advance(Duration.ofSeconds(65));
        assertTrue(events.isEmpty());
        assertEquals(7, checkers.get(spec).startedAt.size(), "one attempt per delay_loop while down");
        assertEquals(7.0, registry.get("fulcrum.healthcheck.checks").tag("result", "failure").tag("checker", "TCP_CHECK").counter().count());
    }

    @Test
    void serverIsAliveOnlyWhenAllCheckersAreUp() {
        CheckerSpec a = tcp(timing(10, 0, 1, false), 80);
        CheckerSpec b = tcp(timing(10, 0, 1, false), 81);
        start(server(1, a, b));
        timer.advance(Duration.ofSeconds(2));
        checkers.get(a).fail("refused");
        checkers.get(b).fail("timeout");
        timer.advance(Duration.ofSeconds(10));
        List<ServerChanged> sc = eventsOf(ServerChanged.class);
        assertEquals(1, sc.size(), "dead once, when the first checker fails");
        assertFalse(sc.get(0).alive());
        assertEquals(2, eventsOf(CheckerChanged.class).size());
        checkers.get(a).succeed();
        timer.advance(Duration.ofSeconds(10));
        assertEquals(1, eventsOf(ServerChanged.class).size(), "one checker still down");
        checkers.get(b).succeed();
        timer.advance(Duration.ofSeconds(10));
        sc = eventsOf(ServerChanged.class);
        assertEquals(2, sc.size());
        assertTrue(sc.get(1).alive());
        assertTrue(sc.get(1).checker().startsWith("TCP_CHECK 192.0.2.1:81"), sc.get(1).checker());
    }

    @Test
    void miscDynamicExitStatusSetsTheServerWeight() {
        CheckerSpec misc = new CheckerSpec.Misc(timing(10, 0, 1, false), "/bin/true", Duration.ofSeconds(5), true, Optional.empty(), Optional.empty());
        CheckScheduler s = start(server(10, misc));
        checkers.get(misc).behaviour = step -> new CheckOutcome.Success(Duration.ofMillis(1), new DynamicWeight.SetTo(253));
        timer.advance(Duration.ofSeconds(2));
        List<WeightChanged> wc = eventsOf(WeightChanged.class);
        assertEquals(1, wc.size());
        assertEquals(10, wc.get(0).from());
        assertEquals(253, wc.get(0).to(), "exit 255 -> weight 253");
        assertEquals(253, s.snapshot().get(0).weight());
        timer.advance(Duration.ofSeconds(10));
        assertEquals(1, eventsOf(WeightChanged.class).size(), "same weight again is not a transition");
    }

    @Test
    void fileCheckDynamicAddsToTheWeightAndAlphaServerComesUpWithTheNewWeight() {
        CheckerSpec file = new CheckerSpec.File(timing(10, 0, 1, true), "f", java.nio.file.Path.of("/x"), 3, false, true);
        start(server(10, file));
        checkers.get(file).behaviour = step -> new CheckOutcome.Success(Duration.ofMillis(1), new DynamicWeight.Add(-4));
        timer.advance(Duration.ofSeconds(2));
        assertEquals(6, eventsOf(WeightChanged.class).get(0).to());
        ServerChanged up = eventsOf(ServerChanged.class).get(0);
        assertTrue(up.alive());
        assertEquals(6, up.weight());
    }

    @Test
    void withoutFastRecoveryADownMultiUrlCheckerRecoversOneUrlPerDelayLoop() {
        steps = 3;
        fastRecovery = false;
        CheckerSpec spec = tcp(timing(10, 0, 1, true), 80);
        start(server(1, spec));
        timer.advance(Duration.ofSeconds(12));
        assertTrue(events.isEmpty(), "two of three URLs passed: still down");
        timer.advance(Duration.ofSeconds(10));
        assertEquals(1, eventsOf(CheckerChanged.class).size());
        ScriptedChecker c = checkers.get(spec);
        assertEquals(List.of(0, 1, 2), c.stepsRun.subList(0, 3));
        assertEquals(Duration.ofSeconds(20).plusMillis(4), c.startedAt.get(2).minus(c.startedAt.get(0)));
        timer.advance(Duration.ofSeconds(10));
        assertEquals(Checker.ALL_STEPS, c.stepsRun.get(3), "an up checker runs every URL in one attempt");
    }

    @Test
    void withFastRecoveryADownCheckerRunsAllUrlsAtOnce() {
        steps = 3;
        fastRecovery = true;
        CheckerSpec spec = tcp(timing(10, 0, 1, true), 80);
        start(server(1, spec));
        timer.advance(Duration.ofSeconds(2));
        assertEquals(1, eventsOf(CheckerChanged.class).size());
        assertEquals(List.of(Checker.ALL_STEPS), checkers.get(spec).stepsRun);
    }

    @Test
    void aCheckerThatThrowsOrFailsExceptionallyCountsAsAFailedCheck() {
        CheckerSpec spec = tcp(timing(10, 0, 1, false), 80);
        CheckScheduler s = new CheckScheduler(new CheckPlan(List.of(server(1, spec))), sp -> new Checker() {
            int n;

            @Override
            public CheckerSpec spec() {
                return sp;
            }

            @Override
            public java.util.concurrent.CompletionStage<CheckOutcome> run(int step) {
                if (n++ == 0) {
                    throw new IllegalStateException("boom");
                }
                return java.util.concurrent.CompletableFuture.failedFuture(new RuntimeException("bang"));
            }
        }, timer, events::add, registry, new Random(1));
        s.start();
        timer.advance(Duration.ofSeconds(30));
        CheckerChanged down = eventsOf(CheckerChanged.class).get(0);
        assertTrue(down.reason().contains("boom"), down.reason());
        assertTrue(s.snapshot().get(0).checkers().get(0).lastResult().contains("bang"));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheChecks() {
        CheckerSpec spec = tcp(timing(10, 0, 1, false), 80);
        CheckScheduler s = new CheckScheduler(new CheckPlan(List.of(server(1, spec))), sp -> {
            ScriptedChecker c = new ScriptedChecker(sp, timer, 1, true);
            checkers.put(sp, c);
            return c;
        }, timer, e -> {
            events.add(e);
            throw new IllegalStateException("listener bug");
        }, registry, new Random(1));
        s.start();
        timer.advance(Duration.ofSeconds(2));
        checkers.get(spec).fail("refused");
        timer.advance(Duration.ofSeconds(10));
        assertEquals(2, events.size(), "checker and server down despite the throwing listener");
        checkers.get(spec).succeed();
        timer.advance(Duration.ofSeconds(10));
        assertEquals(4, events.size(), "and back up: checks kept running");
    }

    @Test
    void closeStopsAllFurtherAttempts() {
        CheckerSpec spec = tcp(timing(10, 0, 1, false), 80);
        CheckScheduler s = start(server(1, spec));
        timer.advance(Duration.ofSeconds(12));
        int before = checkers.get(spec).startedAt.size();
        s.close();
        timer.advance(Duration.ofSeconds(100));
        assertEquals(before, checkers.get(spec).startedAt.size());
        assertEquals(0, timer.pending());
    }

    @Test
    void detectionTimeMatchesKeepalivedsWorkedExample() {
        // keepalived.conf §9: TCP, all defaults -> about delay_loop 60 + retry 1 x delay_before_retry 1 (+ timeouts)
        CheckerSpec spec = tcp(CheckTiming.defaults(CheckerKind.TCP_CHECK).withWarmup(Duration.ZERO), 80);
        start(server(1, spec));
        ScriptedChecker c = checkers.get(spec);
        c.latency = Duration.ofSeconds(5); // each attempt times out after connect_timeout
        timer.advance(Duration.ofSeconds(1)); // first attempt (ok) starts at 1 s, answers at 1.002 s
        timer.advance(Duration.ofMillis(10));
        c.fail("timeout");
        Duration deathAt = timer.now();
        timer.advance(Duration.ofSeconds(200));
        CheckerChanged down = eventsOf(CheckerChanged.class).get(0);
        assertEquals("timeout", down.reason());
        Duration downAt = c.startedAt.get(2).plus(Duration.ofSeconds(5));
        Duration detection = downAt.minus(deathAt);
        assertTrue(detection.compareTo(Duration.ofSeconds(72)) <= 0 && detection.compareTo(Duration.ofSeconds(65)) >= 0, detection.toString());
    }

    @Test
    void aReloadWithTheSameServerObjectLeavesItsCheckerRunningOnItsOwnSchedule() {
        CheckerSpec spec = tcp(timing(10, 1, 2, false), 80);
        RealServerSpec rs = server(1, spec);
        CheckScheduler s = start(rs);
        timer.advance(Duration.ofSeconds(25));
        List<Duration> before = List.copyOf(checkers.get(spec).startedAt);
        assertTrue(before.size() >= 2, before.toString());
        s.reconfigure(new CheckPlan(List.of(rs)));
        timer.advance(Duration.ofSeconds(20));
        List<Duration> at = checkers.get(spec).startedAt;
        assertTrue(at.size() >= before.size() + 1, at.toString());
        for (int i = before.size(); i < at.size(); i++) {
            assertEquals(Duration.ofSeconds(10).plusMillis(0), at.get(i).minus(at.get(i - 1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    "the 10 s cadence goes on through the reload: " + at);
        }
        assertTrue(s.snapshot().get(0).alive());
        assertEquals(1, s.snapshot().size());
    }

    @Test
    void aReloadKeepsTheStateOfUnchangedCheckersAndStartsNewOnesFresh() {
        CheckerSpec kept = tcp(timing(10, 1, 2, false), 80);
        CheckScheduler s = start(server(1, kept));
        checkers.get(kept).fail("refused");
        timer.advance(Duration.ofSeconds(2));
        assertFalse(s.snapshot().get(0).alive(), "down after its first failure");
        int eventsBefore = events.size();
        ScriptedChecker before = checkers.get(kept);
        // reload: the same server and checker, plus a new alpha server
        CheckerSpec fresh = tcp(timing(10, 1, 2, true), 81);
        InetSocketAddress b = new InetSocketAddress("192.0.2.2", 81);
        RealServerSpec added = new RealServerSpec("VS1", RealServerSpec.keepalivedId(b, "tcp"), b, 1, List.of(fresh));
        s.reconfigure(new CheckPlan(List.of(server(1, kept), added)));
        timer.advance(Duration.ZERO);
        assertEquals(2, s.snapshot().size());
        assertFalse(s.snapshot().get(0).alive(), "the kept checker is still down: no flap back to up");
        assertEquals("refused", s.snapshot().get(0).checkers().get(0).lastResult());
        assertFalse(s.snapshot().get(1).alive(), "a new alpha server starts down");
        assertEquals(before, checkers.get(kept), "the kept checker was not re-created");
        assertEquals(eventsBefore, events.size(), "a reload alone publishes nothing");
        // the kept checker recovers: one UP transition, as if no reload had happened
        checkers.get(kept).succeed();
        timer.advance(Duration.ofSeconds(15));
        assertTrue(s.snapshot().get(0).alive());
        assertEquals(1, eventsOf(ServerChanged.class).stream().filter(e -> e.alive() && e.server().address().getPort() == 80).count());
    }

    @Test
    void aSuspendedVirtualServerRunsNoAttemptsUntilResumed() {
        CheckerSpec spec = tcp(timing(10, 1, 2, false), 80);
        CheckScheduler s = start(server(1, spec));
        s.suspend("VS1", true);
        checkers.get(spec).fail("refused");
        timer.advance(Duration.ofSeconds(35));
        assertEquals(0, checkers.get(spec).startedAt.size(), "no attempt while suspended");
        assertTrue(s.snapshot().get(0).alive(), "state kept as it was");
        s.suspend("VS1", false);
        timer.advance(Duration.ofSeconds(11));
        assertEquals(1, checkers.get(spec).startedAt.size());
        assertFalse(s.snapshot().get(0).alive());
    }

    @Test
    void checkersLeavingThePlanOrTheEngineAreClosedOnceAndKeptOnesAreNot() {
        CheckerSpec kept = tcp(timing(10, 1, 2, false), 80);
        CheckerSpec removed = tcp(timing(10, 1, 2, false), 81);
        InetSocketAddress b = new InetSocketAddress("192.0.2.2", 81);
        RealServerSpec gone = new RealServerSpec("VS1", RealServerSpec.keepalivedId(b, "tcp"), b, 1, List.of(removed));
        CheckScheduler s = start(server(1, kept), gone);
        timer.advance(Duration.ofSeconds(12));
        s.reconfigure(new CheckPlan(List.of(server(1, kept))));
        timer.advance(Duration.ZERO);
        assertEquals(1, checkers.get(removed).closed, "what a removed checker keeps (a kept connection) is let go at the reload");
        assertEquals(0, checkers.get(kept).closed, "a checker carried over keeps its connection");
        s.close();
        timer.advance(Duration.ZERO);
        assertEquals(1, checkers.get(kept).closed);
        assertEquals(1, checkers.get(removed).closed);
    }
}

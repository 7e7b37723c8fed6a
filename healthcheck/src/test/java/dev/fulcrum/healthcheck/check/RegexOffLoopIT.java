package dev.fulcrum.healthcheck.check;

import static dev.fulcrum.healthcheck.check.Specs.http;
import static dev.fulcrum.healthcheck.check.Specs.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.StatusCodes;
import dev.fulcrum.healthcheck.spec.UrlSpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A url regex that spends its whole step budget must not hold the event loop: with a single event-loop
 * thread, an HTTP_GET of another server completes while {@code (a+)+b} is still being evaluated over a
 * 1 MiB body of {@code a}, and the regex check still fails with its budget reason. Closing the runtime
 * ends the evaluation in progress, fails the one queued behind it, and leaves no thread behind.
 */
@Tag("netns")
class RegexOffLoopIT {
    static final int BODY = 1 << 20;
    static final String CATASTROPHIC = "(a+)+b";

    static UrlSpec regexUrl(String regex) {
        return new UrlSpec("/", StatusCodes.DEFAULT, Optional.empty(), Optional.empty(), Optional.of(regex), false);
    }

    static byte[] allA() {
        byte[] b = new byte[BODY];
        Arrays.fill(b, (byte) 'a');
        return b;
    }

    static String reason(CheckOutcome o) {
        return o instanceof CheckOutcome.Failure f ? f.reason() : "ok";
    }

    static CompletableFuture<CheckOutcome> start(Checker c) {
        return c.run(Checker.ALL_STEPS).toCompletableFuture();
    }

    /** The thread now inside {@link BodyRegex#find}, or null. */
    static String evaluator() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement f : e.getValue()) {
                if (f.getClassName().equals(BodyRegex.class.getName()) && f.getMethodName().equals("find")) {
                    return e.getKey().getName();
                }
            }
        }
        return null;
    }

    static String awaitEvaluator(CompletableFuture<CheckOutcome> check) throws InterruptedException {
        for (int i = 0; i < 3_000 && !check.isDone(); i++) {
            String t = evaluator();
            if (t != null) {
                return t;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no regex evaluation seen; check " + (check.isDone() ? "done: " + check.join() : "pending"));
    }

    static long regexThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("fulcrum-check-regex")).count();
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Threads end just after their executor reports termination: wait (bounded) for the count to come back. */
    static void assertThreadsBackTo(int baseline) throws InterruptedException {
        int now = threads();
        for (int i = 0; i < 500 && (now > baseline || regexThreads() > 0); i++) {
            Thread.sleep(10);
            now = threads();
        }
        assertEquals(0, regexThreads(), "the regex thread ended with the runtime");
        assertTrue(now <= baseline, "threads back at baseline: " + baseline + " -> " + now);
    }

    @Test
    void anotherServersCheckCompletesWhileARegexSpendsItsBudget() throws Exception {
        try (HostileServer slow = new HostileServer(HostileServer.Mode.OK);
             HostileServer fast = new HostileServer(HostileServer.Mode.OK)) {
            slow.body = allA();
            int baseline = threads();
            NettyCheckers runtime = new NettyCheckers(1);
            try {
                Checker regexCheck = runtime.create(http(slow.port(), 5000, regexUrl(CATASTROPHIC)));
                Checker plain = runtime.create(http(fast.port(), 5000, url("/", null)));
                assertTrue(start(plain).get(30, TimeUnit.SECONDS).ok(), "the other server is up");

                CompletableFuture<CheckOutcome> regex = start(regexCheck);
                String evaluator = awaitEvaluator(regex);
                assertTrue(evaluator.startsWith("fulcrum-check-regex"), "evaluated on the regex thread, not on " + evaluator);

                CheckOutcome other = start(plain).get(30, TimeUnit.SECONDS);
                boolean regexStillRunning = !regex.isDone();
                assertTrue(other.ok(), reason(other));
                assertTrue(regexStillRunning, "the other server's check completed while the regex was still being evaluated");

                CheckOutcome judged = regex.get(120, TimeUnit.SECONDS);
                assertEquals("regex gave up after " + BodyRegex.stepsFor(BODY) + " steps on a " + BODY + "-byte body", reason(judged));
                assertTrue(judged.latency().compareTo(other.latency()) > 0, "latency is the time to the verdict");
            } finally {
                runtime.close();
            }
            assertThreadsBackTo(baseline);
        }
    }

    @Test
    void closingTheRuntimeEndsTheEvaluationAndFailsTheQueuedOne() throws Exception {
        try (HostileServer slow = new HostileServer(HostileServer.Mode.OK);
             HostileServer fast = new HostileServer(HostileServer.Mode.OK)) {
            slow.body = allA();
            int baseline = threads();
            NettyCheckers runtime = new NettyCheckers(1);
            CompletableFuture<CheckOutcome> running;
            CompletableFuture<CheckOutcome> queued;
            try {
                running = start(runtime.create(http(slow.port(), 5000, regexUrl(CATASTROPHIC))));
                awaitEvaluator(running);
                // "healthy" would match the fast server's body, but its evaluation waits behind the running one
                queued = start(runtime.create(http(fast.port(), 5000, regexUrl("healthy"))));
                for (int i = 0; i < 3_000 && (fast.accepted.get() == 0 || fast.open.get() > 0); i++) {
                    Thread.sleep(10);
                }
                assertEquals(0, fast.open.get(), "the fast server answered and closed");
                // a whole exchange after it on the one event loop: the queued check's response has been read by then
                assertTrue(start(runtime.create(http(fast.port(), 5000, url("/", null)))).get(30, TimeUnit.SECONDS).ok());
                assertFalse(queued.isDone(), "the second evaluation waits for the regex thread");
                assertFalse(running.isDone(), "the first evaluation is still running");
            } finally {
                runtime.close();
            }
            assertEquals("regex evaluation interrupted on a " + BODY + "-byte body", reason(running.get(30, TimeUnit.SECONDS)));
            assertEquals("checker runtime closed", reason(queued.get(30, TimeUnit.SECONDS)));
            assertThreadsBackTo(baseline);
        }
    }

    @Test
    void aJudgedFetchReportsTheRegexVerdictWithTheResponse() throws Exception {
        try (HostileServer fast = new HostileServer(HostileServer.Mode.OK);
             NettyCheckers runtime = new NettyCheckers(1)) {
            UrlSpec sick = regexUrl("sick");
            HttpGetCheck c = (HttpGetCheck) runtime.create(http(fast.port(), 5000, regexUrl("healthy"), sick));
            HttpGetCheck.Fetch up = c.fetch(regexUrl("healthy"), true).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(up.outcome().ok(), reason(up.outcome()));
            HttpGetCheck.Fetch down = c.fetch(sick, true).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals("body does not match regex", reason(down.outcome()));
            assertEquals(200, down.status());
            assertEquals("healthy\n".length(), down.bodyBytes());
            HttpGetCheck.Fetch reported = c.fetch(sick, false).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(reported.outcome().ok(), "not judged: only reported");
            assertTrue(reported.md5().isPresent(), "the digest helper's MD5");
        }
    }

    @Test
    void aRegexCheckOnAClosedRuntimeFailsWithAReason() throws Exception {
        try (HostileServer fast = new HostileServer(HostileServer.Mode.OK)) {
            NettyCheckers shared = new NettyCheckers(1);
            // a runtime on a group it does not own: closing it leaves the loop running, the regex thread gone
            NettyCheckers runtime = new NettyCheckers(shared.group());
            try {
                Checker c = runtime.create(http(fast.port(), 5000, regexUrl("healthy")));
                assertTrue(start(c).get(30, TimeUnit.SECONDS).ok(), "matches while the runtime is open");
                runtime.close();
                assertEquals("checker runtime closed", reason(start(c).get(30, TimeUnit.SECONDS)));
            } finally {
                runtime.close();
                shared.close();
            }
        }
    }
}

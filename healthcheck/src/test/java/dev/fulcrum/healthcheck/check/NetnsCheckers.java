package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.net.ns.NetNamespace;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A checker runtime that lives in a lab host's network namespace while the test JVM stays in its own:
 * the runtime is built on a thread that entered the namespace, and its event loop threads are started
 * from there, so they inherit it; checks run on those loops, so every socket a checker opens (lazily,
 * on the thread that runs the check) belongs to the lab.
 */
final class NetnsCheckers implements AutoCloseable {
    final NettyCheckers runtime;

    NetnsCheckers(String namespace) throws Exception {
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> new Thread(r, "hc-netns-start"));
        try {
            runtime = starter.submit(() -> {
                new NetNamespace(namespace).enterOnThisThread();
                NettyCheckers r = new NettyCheckers(2);
                for (EventExecutor e : r.group()) {
                    e.submit(() -> { }).sync(); // the loop's thread is started now, from this thread
                }
                return r;
            }).get(30, TimeUnit.SECONDS);
        } finally {
            starter.shutdownNow();
        }
    }

    /** One attempt of {@code spec}, run on one of the runtime's loops. */
    CheckOutcome once(CheckerSpec spec) throws Exception {
        return runtime.group().next().submit(() -> runtime.create(spec).run(Checker.ALL_STEPS)).get(10, TimeUnit.SECONDS)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        runtime.close();
    }
}

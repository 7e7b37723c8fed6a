package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.engine.CheckerFactory;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every attempt the scheduler makes, per server: when it started and how it ended. Tests that count
 * attempts around a health event (down after exactly retry + 1 failures, detection time) give the
 * scheduler {@link #recording} instead of the runtime itself.
 */
final class AttemptLog {
    /** One attempt of one server's checker. */
    record Attempt(long startNanos, CheckOutcome outcome) {
    }

    private final Map<String, List<Attempt>> byServer = new ConcurrentHashMap<>();

    /** Creates each checker of {@code servers} with {@code real} and records its attempts under the server's id. */
    CheckerFactory recording(CheckerFactory real, List<RealServerSpec> servers) {
        Map<CheckerSpec, String> names = new ConcurrentHashMap<>();
        servers.forEach(s -> s.checkers().forEach(c -> names.put(c, s.id())));
        return spec -> {
            Checker checker = real.create(spec);
            List<Attempt> log = byServer.computeIfAbsent(names.get(spec), k -> new CopyOnWriteArrayList<>());
            return new Checker() {
                @Override
                public CheckerSpec spec() {
                    return spec;
                }

                @Override
                public int steps() {
                    return checker.steps();
                }

                @Override
                public boolean fastRecovery() {
                    return checker.fastRecovery();
                }

                @Override
                public CompletionStage<CheckOutcome> run(int step) {
                    long start = System.nanoTime();
                    return checker.run(step).thenApply(o -> {
                        log.add(new Attempt(start, o));
                        return o;
                    });
                }
            };
        };
    }

    /** The attempts of server {@code id} so far, oldest first. */
    List<Attempt> of(String id) {
        return byServer.getOrDefault(id, List.of());
    }

    /** Their outcomes. */
    List<CheckOutcome> outcomes(String id) {
        return of(id).stream().map(Attempt::outcome).toList();
    }

    /** How many servers have made at least one attempt. */
    long serversAttempted() {
        return byServer.values().stream().filter(l -> !l.isEmpty()).count();
    }
}

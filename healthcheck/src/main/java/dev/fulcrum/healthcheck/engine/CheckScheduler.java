package dev.fulcrum.healthcheck.engine;

import dev.fulcrum.healthcheck.engine.CheckOutcome.Failure;
import dev.fulcrum.healthcheck.engine.CheckOutcome.Success;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.CheckerKind;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every checker of a {@link CheckPlan} forever, applies keepalived's up/down rules
 * ({@link CheckerState}, {@link RealServerHealth}) and publishes transitions to a {@link HealthListener}.
 *
 * <p>All state lives on the {@link TaskTimer}'s thread; check attempts run wherever their checker runs
 * them (Netty event loops) and hop back with their outcome. A checker never has two attempts in flight:
 * the next one is scheduled only when the previous outcome is in. Time comes only from the timer, so the
 * same code runs on simulated time in tests.
 */
public final class CheckScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);

    /** Read-only view of one server for status output. */
    public record ServerStatus(RealServerSpec server, boolean alive, int weight, List<CheckerStatus> checkers) {
    }

    public record CheckerStatus(String checker, boolean up, boolean hasRun, String lastResult, Duration lastLatency) {
    }

    private final CheckPlan plan;
    private final CheckerFactory factory;
    private final TaskTimer timer;
    private final HealthListener listener;
    private final RandomGenerator random;
    private volatile List<ServerSlot> servers = List.of();
    private final java.util.Set<String> suspended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<CheckerKind, Counter> successes = new EnumMap<>(CheckerKind.class);
    private final Map<CheckerKind, Counter> failures = new EnumMap<>(CheckerKind.class);
    private final Map<CheckerKind, Timer> latency = new EnumMap<>(CheckerKind.class);
    private final Map<String, Counter> transitions = new HashMap<>();
    private final MeterRegistry registry;
    private final AtomicInteger aliveCount = new AtomicInteger();
    private volatile boolean closed;
    private boolean started;

    public CheckScheduler(CheckPlan plan, CheckerFactory factory, TaskTimer timer, HealthListener listener,
                          MeterRegistry registry, RandomGenerator random) {
        this.plan = plan;
        this.factory = factory;
        this.timer = timer;
        this.listener = listener;
        this.random = random;
        this.registry = registry;
        for (CheckerKind k : CheckerKind.values()) {
            String kind = k.name();
            successes.put(k, Counter.builder("fulcrum.healthcheck.checks").description("check attempts")
                    .tag("checker", kind).tag("result", "success").register(registry));
            failures.put(k, Counter.builder("fulcrum.healthcheck.checks").description("check attempts")
                    .tag("checker", kind).tag("result", "failure").register(registry));
            latency.put(k, Timer.builder("fulcrum.healthcheck.latency").description("check attempt latency")
                    .tag("checker", kind).register(registry));
        }
        Gauge.builder("fulcrum.healthcheck.servers.alive", aliveCount, AtomicInteger::get)
                .description("real servers whose checkers are all up").register(registry);
        Gauge.builder("fulcrum.healthcheck.servers", this, x -> x.servers.size())
                .description("real servers under check").register(registry);
    }

    /** Creates the checkers and schedules every first attempt. Call once, from any thread. */
    public void start() {
        timer.execute(this::startOnLoop);
    }

    private void startOnLoop() {
        if (started || closed) {
            return;
        }
        started = true;
        servers = buildSlots(plan, Map.of());
        LOG.info("health checking {} real servers with {} checkers", plan.servers().size(), plan.checkerCount());
    }

    /**
     * Applies a new plan (a reload). A checker of the same real server (virtual server + id) with an equal
     * spec keeps its state, last result and failure streak, so an unchanged server neither flaps nor
     * re-announces itself; new checkers start as at start-up (alpha decides). Attempts of the old slots
     * still in flight are dropped when they complete.
     */
    public void reconfigure(CheckPlan next) {
        timer.execute(() -> {
            if (closed) {
                return;
            }
            // A real server whose spec is the very object the running plan has (the director hands back the
            // parts of unchanged virtual servers) keeps its slot as it is: its checkers neither stop nor
            // restart their schedule, and a reload of 5,000 services does not rebuild 20,000 slots.
            Map<RealServerSpec, ServerSlot> same = new java.util.IdentityHashMap<>(servers.size() * 2);
            java.util.Set<RealServerSpec> wanted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>(next.servers().size() * 2));
            wanted.addAll(next.servers());
            Map<List<Object>, CheckerSlot> previous = new HashMap<>();
            List<CheckerSlot> retired = new ArrayList<>();
            for (ServerSlot s : servers) {
                if (wanted.contains(s.spec) && same.putIfAbsent(s.spec, s) == null) {
                    continue;
                }
                for (CheckerSlot c : s.checkers) {
                    previous.put(List.of(s.spec.virtualServer(), s.spec.id(), c.checker.spec()), c);
                    retired.add(c);
                    c.retired = true;
                    if (c.pending != null) {
                        c.pending.cancel();
                        c.pending = null;
                    }
                }
                if (s.alive) {
                    aliveCount.decrementAndGet();
                }
            }
            servers = buildSlots(next, previous, same);
            // the retired checkers no new slot took over: let go of what they keep (kept connections)
            for (CheckerSlot c : retired) {
                if (!c.handedOver) {
                    c.checker.close();
                }
            }
            LOG.info("health checks reconfigured: {} real servers with {} checkers ({} checkers kept their state)",
                    next.servers().size(), next.checkerCount(),
                    servers.stream().mapToLong(x -> x.checkers.stream().filter(c -> c.inherited).count()).sum());
        });
    }

    private List<ServerSlot> buildSlots(CheckPlan p, Map<List<Object>, CheckerSlot> previous) {
        return buildSlots(p, previous, Map.of());
    }

    /** @param same slots to keep untouched, by the identity of their spec (each is used once) */
    private List<ServerSlot> buildSlots(CheckPlan p, Map<List<Object>, CheckerSlot> previous, Map<RealServerSpec, ServerSlot> same) {
        List<ServerSlot> out = new ArrayList<>(p.servers().size());
        int total = p.checkerCount();
        int index = 0;
        for (RealServerSpec rs : p.servers()) {
            ServerSlot kept = same.isEmpty() ? null : same.remove(rs);
            if (kept != null) {
                for (CheckerSlot c : kept.checkers) {
                    c.inherited = true;
                }
                out.add(kept);
                index += kept.checkers.size();
                continue;
            }
            ServerSlot s = new ServerSlot(rs);
            out.add(s);
            Map<String, Integer> seen = new HashMap<>();
            boolean[] initiallyUp = new boolean[rs.checkers().size()];
            for (int i = 0; i < rs.checkers().size(); i++) {
                CheckerSpec spec = rs.checkers().get(i);
                String label = spec.describe();
                int n = seen.merge(label, 1, Integer::sum);
                if (n > 1) {
                    label = label + " #" + n;
                }
                CheckerSlot old = previous.get(List.of(rs.virtualServer(), rs.id(), spec));
                CheckerSlot c;
                if (old != null) {
                    old.handedOver = true;
                    c = new CheckerSlot(s, i, label, old.checker, old.state);
                    c.failStreak = old.failStreak;
                    c.lastResult = old.lastResult;
                    c.lastLatency = old.lastLatency;
                    c.inherited = true;
                } else {
                    Checker checker = factory.create(spec);
                    c = new CheckerSlot(s, i, label, checker, new CheckerState(spec.timing(), checker.steps(), checker.fastRecovery()));
                }
                s.checkers.add(c);
                initiallyUp[i] = c.state.up();
            }
            s.health = new RealServerHealth(rs.weight(), initiallyUp);
            s.alive = s.health.alive();
            s.weight = s.health.effectiveWeight();
            if (s.alive) {
                aliveCount.incrementAndGet();
            }
            for (CheckerSlot c : s.checkers) {
                long delay = StartSpread.firstDelayNanos(index++, total, c.checker.spec().timing(), random);
                c.pending = timer.schedule(delay, c.fire);
            }
        }
        return out;
    }

    /**
     * {@code ha_suspend}: while a virtual server's address is not local (this director is not its VRRP
     * master) its checkers keep their schedule and state but run no attempts.
     */
    public void suspend(String virtualServer, boolean on) {
        if (on ? suspended.add(virtualServer) : suspended.remove(virtualServer)) {
            LOG.info("health checks of {} {}", virtualServer, on ? "suspended (ha_suspend: address not local)" : "resumed");
        }
    }

    private void fire(CheckerSlot c) {
        if (closed || c.retired) {
            return;
        }
        if (!suspended.isEmpty() && suspended.contains(c.server.spec.virtualServer())) {
            c.pending = timer.schedule(c.checker.spec().timing().delayLoop().toNanos(), c.fire);
            return;
        }
        c.pending = null;
        int step = c.state.nextStep();
        CompletionStage<CheckOutcome> stage;
        try {
            stage = c.checker.run(step);
        } catch (RuntimeException e) {
            LOG.warn("checker {} of {} threw", c.label, c.server.spec.id(), e);
            stage = java.util.concurrent.CompletableFuture.completedFuture(new Failure("internal error: " + e, Duration.ZERO));
        }
        stage.whenComplete(c.done);
    }

    /** An attempt's outcome, on whatever thread completed it: handled inline when that is the engine's thread. */
    private void onDone(CheckerSlot c, CheckOutcome outcome, Throwable err) {
        CheckOutcome o = outcome != null ? outcome : new Failure("internal error: " + err, Duration.ZERO);
        if (timer.onTimerThread()) {
            onOutcome(c, o);
        } else {
            timer.execute(() -> onOutcome(c, o));
        }
    }

    private void onOutcome(CheckerSlot c, CheckOutcome o) {
        if (closed || c.retired) {
            return;
        }
        CheckerKind kind = c.checker.spec().kind();
        (o.ok() ? successes : failures).get(kind).increment();
        latency.get(kind).record(o.latency().toNanos(), TimeUnit.NANOSECONDS);
        c.lastResult = o instanceof Failure f ? f.reason() : "ok";
        c.lastLatency = o.latency();
        c.failStreak = o.ok() ? 0 : c.failStreak + 1;
        ServerSlot s = c.server;
        int attempts = c.failStreak;

        // no lambda on this path: the daemon runs C1-compiled code, where creating a capturing lambda is a
        // runtime call, once per check
        if (o instanceof Success ok) {
            Optional<Integer> changed = s.health.checkerWeight(c.index, ok.weight());
            if (changed.isPresent()) {
                int from = s.weight;
                int w = changed.get();
                s.weight = w;
                LOG.info("{} weight of {} changes from {} to {} ({})", s.spec.virtualServer(), s.spec.id(), from, w, c.label);
                publish(new HealthEvent.WeightChanged(s.spec, from, w, c.label));
            }
        }
        CheckerState.Decision d = c.state.onOutcome(o);
        if (d.transition() != CheckerState.Transition.NONE) {
            boolean up = d.transition() == CheckerState.Transition.UP;
            transitionCounter(kind, up).increment();
            if (up) {
                LOG.info("{} on {} of {}: UP ({} ms)", c.label, s.spec.id(), s.spec.virtualServer(), o.latency().toMillis());
            } else {
                LOG.warn("{} on {} of {}: DOWN after {} attempt(s): {}", c.label, s.spec.id(), s.spec.virtualServer(),
                        attempts, c.lastResult);
            }
            publish(new HealthEvent.CheckerChanged(s.spec, c.label, up, c.lastResult, o.latency(), attempts));
            Optional<Boolean> alive = s.health.checkerUp(c.index, up);
            if (alive.isPresent()) {
                s.alive = alive.get();
                aliveCount.addAndGet(s.alive ? 1 : -1);
                LOG.info("real server {} of {} is {} (weight {}, {}: {})", s.spec.id(), s.spec.virtualServer(),
                        s.alive ? "ALIVE" : "DEAD", s.weight, c.label, c.lastResult);
                publish(new HealthEvent.ServerChanged(s.spec, s.alive, s.weight, c.label, c.lastResult, o.latency()));
            }
        }
        c.pending = timer.schedule(d.nextDelay().toNanos(), c.fire);
    }

    /** A failing listener must not stop the checks, so its exceptions are logged and swallowed. */
    private void publish(HealthEvent e) {
        try {
            listener.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.error("health listener failed on {}", e, ex);
        }
    }

    private Counter transitionCounter(CheckerKind kind, boolean up) {
        return transitions.computeIfAbsent(kind + (up ? "/up" : "/down"), k -> Counter.builder("fulcrum.healthcheck.transitions")
                .tag("checker", kind.name()).tag("to", up ? "up" : "down").register(registry));
    }

    /** A consistent-enough view for status output; safe from any thread. */
    public List<ServerStatus> snapshot() {
        List<ServerStatus> out = new ArrayList<>();
        for (ServerSlot s : servers) {
            List<CheckerStatus> cs = new ArrayList<>();
            for (CheckerSlot c : s.checkers) {
                cs.add(new CheckerStatus(c.label, c.state.up(), c.state.hasRun(), c.lastResult, c.lastLatency));
            }
            out.add(new ServerStatus(s.spec, s.alive, s.weight, cs));
        }
        return out;
    }

    /** Stops scheduling and closes the checkers; attempts in flight finish on their own and their outcomes are dropped. */
    @Override
    public void close() {
        closed = true;
        timer.execute(() -> {
            for (ServerSlot s : servers) {
                for (CheckerSlot c : s.checkers) {
                    if (c.pending != null) {
                        c.pending.cancel();
                        c.pending = null;
                    }
                    c.checker.close();
                }
            }
        });
    }

    private static final class ServerSlot {
        final RealServerSpec spec;
        final List<CheckerSlot> checkers = new ArrayList<>();
        RealServerHealth health;
        volatile boolean alive;
        volatile int weight;

        ServerSlot(RealServerSpec spec) {
            this.spec = spec;
        }
    }

    private final class CheckerSlot {
        final ServerSlot server;
        final int index;
        final String label;
        final Checker checker;
        final CheckerState state;
        TaskTimer.Cancellable pending;
        int failStreak;
        boolean retired;
        /** Retired, and its checker taken over by a slot of the new plan (so not to be closed). */
        boolean handedOver;
        boolean inherited;
        volatile String lastResult = "not run";
        volatile Duration lastLatency = Duration.ZERO;
        /** Built once per slot: a check must not allocate its own scheduling closures. */
        final Runnable fire = () -> fire(this);
        final java.util.function.BiConsumer<CheckOutcome, Throwable> done = (o, err) -> onDone(this, o, err);

        CheckerSlot(ServerSlot server, int index, String label, Checker checker, CheckerState state) {
            this.server = server;
            this.index = index;
            this.label = label;
            this.checker = checker;
            this.state = state;
        }
    }
}

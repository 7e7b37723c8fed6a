package dev.fulcrum.app.daemon;

import dev.fulcrum.app.control.ControlServer;
import dev.fulcrum.app.metrics.DirectorMetrics;
import dev.fulcrum.app.metrics.ListenAddress;
import dev.fulcrum.app.metrics.MetricsEndpoint;
import dev.fulcrum.app.startup.StartupTimeline;
import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.settings.DaemonSettings;
import dev.fulcrum.ipvs.IpvsUnavailableException;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `fulcrum run`: assembles a director from a valid configuration and runs it until SIGTERM. Start-up
 * failures (no IPVS, a busy port, an unwritable state directory) end the process with one sentence and
 * exit code 1, never a stack trace.
 */
public final class DirectorDaemon {
    private static final Logger log = LoggerFactory.getLogger(DirectorDaemon.class);
    /** How long VRRP gets on SIGTERM to send priority 0 and remove VIPs. */
    static final Duration VRRP_STOP = Duration.ofMillis(1500);
    /** Below this advert interval the launcher's soak heap settings matter (vrrp/README.md). */
    static final Duration FAST_ADVERTS = Duration.ofMillis(100);

    private DirectorDaemon() {
    }

    public static int run(DaemonSettings settings, KeepalivedConfig config, Supplier<ConfResult> configSource, PrintStream err) {
        return run(settings, config, configSource, err, StartupTimeline.begin());
    }

    /**
     * Start-up order, for the VIP's sake: the registry (empty, so VRRP counts from its first event), the
     * IPVS socket, the metrics and control listeners (a busy port or a missing {@code ip_vs} fails before
     * any advert is sent), then the director, which starts VRRP before it programs IPVS and starts the
     * checkers; the JVM and process meters are bound last.
     */
    public static int run(DaemonSettings settings, KeepalivedConfig config, Supplier<ConfResult> configSource, PrintStream err,
                          StartupTimeline timeline) {
        PrometheusMeterRegistry registry = DirectorMetrics.newRegistry();
        timeline.mark("metrics registry");
        try {
            Files.createDirectories(settings.stateDirectory());
        } catch (IOException e) {
            err.println("fulcrum run: cannot create the state directory " + settings.stateDirectory() + ": " + e.getMessage());
            return 1;
        }
        ReconcileOptions options = ReconcileOptions.DEFAULTS.withResyncPeriod(settings.resyncPeriod()).withDrainTimeout(settings.drainTimeout())
                .withFlushForeign(config.globalDefs().lvsFlush());
        Optional<IpvsEdge> ipvs = Optional.empty();
        if (!config.virtualServers().isEmpty()) {
            try {
                ipvs = Optional.of(KernelIpvsEdge.open(settings.stateDirectory(), options, registry));
            } catch (IpvsUnavailableException e) {
                err.println("fulcrum run: " + e.getMessage() + " (the configuration has virtual_server blocks; load ip_vs or remove them)");
                return 1;
            }
            timeline.mark("IPVS socket");
        }
        AtomicReference<Director> ref = new AtomicReference<>();
        java.util.function.Consumer<DirectorEvent> sink = e -> {
            Director d = ref.get();
            if (d != null) {
                d.post(e);
            }
        };
        ProcessScriptRunner scripts = new ProcessScriptRunner(30_000);
        Director director = new Director(config, configSource, ipvs, new CheckerHealthEdge(registry, sink, settings.httpChecksPerConnection(), settings.checkTimerSlack()), new VrrpServiceEdge(registry, sink),
                scripts, options, registry, Clock.systemUTC());
        ref.set(director);
        timeline.mark("director assembled");
        // Signals are routed before anything starts: a SIGHUP that arrives while the director is still
        // starting would otherwise kill the JVM (the default action). Both wait until start-up is over.
        CountDownLatch ready = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<MetricsEndpoint> metricsRef = new AtomicReference<>();
        AtomicReference<ControlServer> controlRef = new AtomicReference<>();
        Runnable shutdown = () -> {
            if (stopping.compareAndSet(false, true)) {
                director.stop(VRRP_STOP);
                closeQuietly(controlRef.get());
                closeQuietly(metricsRef.get());
                scripts.close();
            }
        };
        ProcessSignals.install(() -> new Thread(() -> {
            awaitQuietly(ready);
            if (stopping.get()) {
                return;
            }
            Map<String, Object> r = director.reload();
            log.info("SIGHUP reload: {}", Boolean.TRUE.equals(r.get("ok")) ? "generation " + r.get("generation") : r.get("error"));
        }, "sighup").start(), () -> new Thread(() -> {
            awaitQuietly(ready);
            shutdown.run();
        }, "shutdown").start());
        try {
            metricsRef.set(MetricsEndpoint.start(new ListenAddress(settings.metricsHost(), settings.metricsPort()), settings.metricsPath(), registry));
            controlRef.set(ControlServer.start(settings.controlSocket(), req -> switch (String.valueOf(req.get("cmd"))) {
                case "status" -> director.status();
                case "reload" -> director.reload();
                default -> ControlServer.error("unknown command '" + req.get("cmd") + "' (status, reload)");
            }));
            timeline.mark("metrics and control listeners");
            director.start(() -> timeline.mark("VRRP started"));
            timeline.mark("first IPVS table published, checkers started");
            DirectorMetrics.bindProcessMetrics(registry);
            timeline.mark("process metrics");
        } catch (Exception e) {
            err.println("fulcrum run: cannot start: " + e.getMessage());
            log.error("start-up failed", e);
            shutdown.run();
            ready.countDown();
            return 1;
        }
        ready.countDown();
        MetricsEndpoint m = metricsRef.get();
        timeline.log();
        log.info("fulcrum running: metrics on {}{}, control socket {}; VRRP up {} ms after the JVM started", m.address(), settings.metricsPath(),
                settings.controlSocket(), timeline.sinceJvmStart("VRRP started").map(String::valueOf).orElse("-"));
        warnIfFastAdvertsWithoutSoakHeap(config);
        try {
            director.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Adverts faster than 100 ms were measured stable only with the soak JVM settings (a large pre-touched
     * young generation, vrrp/README.md); the launcher picks them for such configurations, a hand-made
     * command line may not.
     */
    private static void warnIfFastAdvertsWithoutSoakHeap(KeepalivedConfig config) {
        boolean fast = config.vrrpInstances().stream().anyMatch(i -> i.advertInterval().compareTo(FAST_ADVERTS) < 0);
        if (fast && !java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch")) {
            log.warn("advert_int below {} ms without the soak JVM settings (-XX:+AlwaysPreTouch and a large young generation, "
                    + "see the launcher): GC pauses may cause spurious takeovers", FAST_ADVERTS.toMillis());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort on the way out
            }
        }
    }
}

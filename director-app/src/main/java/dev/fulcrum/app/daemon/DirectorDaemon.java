package dev.fulcrum.app.daemon;

import dev.fulcrum.app.control.ControlServer;
import dev.fulcrum.app.metrics.DirectorMetrics;
import dev.fulcrum.app.metrics.ListenAddress;
import dev.fulcrum.app.metrics.MetricsEndpoint;
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

    private DirectorDaemon() {
    }

    public static int run(DaemonSettings settings, KeepalivedConfig config, Supplier<ConfResult> configSource, PrintStream err) {
        PrometheusMeterRegistry registry = DirectorMetrics.newRegistry();
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
        }
        AtomicReference<Director> ref = new AtomicReference<>();
        java.util.function.Consumer<DirectorEvent> sink = e -> {
            Director d = ref.get();
            if (d != null) {
                d.post(e);
            }
        };
        ProcessScriptRunner scripts = new ProcessScriptRunner(30_000);
        Director director = new Director(config, configSource, ipvs, new CheckerHealthEdge(registry, sink), new VrrpServiceEdge(registry, sink),
                scripts, options, registry, Clock.systemUTC());
        ref.set(director);
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
            director.start();
        } catch (Exception e) {
            err.println("fulcrum run: cannot start: " + e.getMessage());
            log.error("start-up failed", e);
            shutdown.run();
            ready.countDown();
            return 1;
        }
        ready.countDown();
        MetricsEndpoint m = metricsRef.get();
        log.info("fulcrum running: metrics on {}{}, control socket {}", m.address(), settings.metricsPath(), settings.controlSocket());
        try {
            director.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
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

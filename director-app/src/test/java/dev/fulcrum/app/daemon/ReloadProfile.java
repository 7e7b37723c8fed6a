package dev.fulcrum.app.daemon;

import dev.fulcrum.app.bench.DirectorBenchmark;
import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a reload's time goes, on this host and without a kernel table: the director with its real checker
 * edge and a recording IPVS edge reloads N services x 4 servers alternately with and without a 1 % change,
 * and prints each reload's phase line. For profiling (add -XX:+FlightRecorder options); the figure that
 * counts is DirectorBenchmark's, in the VM beside keepalived.
 * {@code java -cp ... dev.fulcrum.app.daemon.ReloadProfile [services] [reloads]}
 */
public final class ReloadProfile {
    /** Keeps only the last published table, as the kernel edge does. */
    static final class LastTableOnly implements IpvsEdge {
        volatile dev.fulcrum.ipvs.reconcile.DesiredTable last;
        dev.fulcrum.ipvs.model.Timeouts timeouts = new dev.fulcrum.ipvs.model.Timeouts(900, 120, 300);

        @Override
        public void publish(dev.fulcrum.ipvs.reconcile.DesiredTable table) {
            last = table;
        }

        @Override
        public void options(ReconcileOptions options) {
        }

        @Override
        public java.util.List<dev.fulcrum.ipvs.model.SyncDaemon> runningDaemons() {
            return java.util.List.of();
        }

        @Override
        public void apply(java.util.List<dev.fulcrum.app.sync.SyncDaemonRoles.Step> steps) {
        }

        @Override
        public dev.fulcrum.ipvs.model.Timeouts timeouts() {
            return timeouts;
        }

        @Override
        public void timeouts(dev.fulcrum.ipvs.model.Timeouts t) {
            timeouts = t;
        }

        @Override
        public void clearOwned() {
        }

        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int reloads = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String[] texts = {DirectorBenchmark.services(n, 0, false), DirectorBenchmark.services(n, 100, false)};
        AtomicReference<String> text = new AtomicReference<>(texts[0]);
        dev.fulcrum.conf.ReloadCache cache = new dev.fulcrum.conf.ReloadCache(); // as `fulcrum run` does
        java.util.function.Supplier<ConfResult> source = () -> KeepalivedConf.parse(Path.of("/etc/keepalived/keepalived.conf"), text.get(),
                LoadOptions.forId("lb1"), cache);
        PrometheusMeterRegistry registry = dev.fulcrum.app.metrics.DirectorMetrics.newRegistry();
        AtomicReference<Director> ref = new AtomicReference<>();
        IpvsEdge ipvs = new LastTableOnly();
        Director d = new Director(source.get().config().orElseThrow(), source, Optional.of(ipvs),
                new CheckerHealthEdge(registry, e -> ref.get().post(e)), new DirectorTest.NoVrrp(), (s, a) -> { },
                ReconcileOptions.DEFAULTS, registry, Clock.systemUTC());
        ref.set(d);
        d.start();
        for (int i = 1; i <= reloads; i++) {
            text.set(texts[i % 2]);
            long t0 = System.nanoTime();
            Object r = d.reload().get("summary");
            System.out.printf("reload %d: %.1f ms %s%n", i, (System.nanoTime() - t0) / 1e6, r);
        }
        d.close();
    }
}

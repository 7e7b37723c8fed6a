package dev.fulcrum.app.bench;

import dev.fulcrum.app.metrics.DirectorMetrics;
import dev.fulcrum.app.metrics.IpvsStatsFixtures;
import dev.fulcrum.app.metrics.IpvsStatsMetrics;
import dev.fulcrum.app.metrics.ListenAddress;
import dev.fulcrum.app.metrics.MetricsEndpoint;
import dev.fulcrum.ipvs.model.KernelTable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The IPVS counter series at N services x R real servers with a synthetic kernel table, on the host (no
 * kernel needed): one Micrometer meter per series (the former way, the anchor) against the scrape-time
 * collector, each in its own JVM so that heap and RSS are its own. Prints figures, asserts nothing.
 * {@code java -cp ... dev.fulcrum.app.bench.IpvsStatsBenchmark [services [servers]]}.
 */
public final class IpvsStatsBenchmark {
    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int servers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        if (args.length > 2) {
            measure(args[2].equals("meters"), services, servers).forEach((k, v) -> System.out.println(k + "=" + v));
            return;
        }
        Map<String, String> before = child("meters", services, servers);
        Map<String, String> after = child("collector", services, servers);
        System.out.printf(Locale.ROOT, "%nIPVS stats series, %d services x %d real servers (%d cores, load %s)%n", services, servers,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(Locale.ROOT, "%-44s %12s %12s %8s%n", "measurement", "per-meter", "collector", "ratio");
        for (String k : before.keySet()) {
            double b = Double.parseDouble(before.get(k));
            double a = Double.parseDouble(after.getOrDefault(k, "NaN"));
            System.out.printf(Locale.ROOT, "%-44s %12.2f %12.2f %8s%n", k, b, a, a < 0.05 || b < 0.05 ? "-" : String.format(Locale.ROOT, "%.2f", b / a));
        }
    }

    private static Map<String, String> child(String mode, int services, int servers) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                IpvsStatsBenchmark.class.getName(), String.valueOf(services), String.valueOf(servers), mode));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(mode + " failed: " + text);
        }
        text.lines().filter(l -> l.contains("=")).forEach(l -> out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return out;
    }

    private static Map<String, Object> measure(boolean perMeter, int services, int servers) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        KernelTable t1 = IpvsStatsFixtures.table(services, servers, 1);
        KernelTable t2 = IpvsStatsFixtures.table(services, servers, 2);
        KernelTable dropped = dropOneServer(IpvsStatsFixtures.table(services, servers, 3), services / 100);
        PrometheusMeterRegistry reg = DirectorMetrics.newRegistry();
        long heap0 = usedHeapAfterGc();
        long rss0 = rssKiB();
        IpvsStatsMetrics m = perMeter ? IpvsStatsFixtures.perMeter(reg) : new IpvsStatsMetrics(reg);
        long t0 = System.nanoTime();
        m.update(t1);
        r.put("first update / registration (ms)", ms(t0));
        r.put("registered meters", reg.getMeters().size());
        r.put("retained heap (MiB)", (usedHeapAfterGc() - heap0) / 1048576.0);
        t0 = System.nanoTime();
        m.update(t2);
        r.put("update, same objects (ms)", ms(t0));
        t0 = System.nanoTime();
        m.update(dropped);
        r.put("update dropping 1 RS in 1% of services (ms)", ms(t0));
        m.update(t2);
        double[] scrapes = new double[7];
        int size = 0;
        for (int i = 0; i < scrapes.length; i++) {
            t0 = System.nanoTime();
            size = reg.scrape().length();
            scrapes[i] = ms(t0);
        }
        r.put("registry.scrape(), first (ms)", scrapes[0]);
        r.put("registry.scrape(), median of next 6 (ms)", median(Arrays.copyOfRange(scrapes, 1, scrapes.length)));
        r.put("scrape text (KiB)", size / 1024.0);
        double[] snaps = new double[5];
        for (int i = 0; i < snaps.length; i++) {
            t0 = System.nanoTime();
            reg.getPrometheusRegistry().scrape();
            snaps[i] = ms(t0);
        }
        r.put("  of which snapshots only, median (ms)", median(snaps));
        r.put("heap after scrapes, GC'd (MiB)", (usedHeapAfterGc() - heap0) / 1048576.0);
        try (MetricsEndpoint ep = MetricsEndpoint.start(ListenAddress.parse("127.0.0.1:0"), "/metrics", reg)) {
            URI uri = URI.create("http://127.0.0.1:" + ep.address().getPort() + "/metrics");
            double[] gets = new double[5];
            long bytes = 0;
            for (int i = 0; i < gets.length; i++) {
                t0 = System.nanoTime();
                // read and discard: the figure is the director's, not a client's buffering
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                try (InputStream in = c.getInputStream()) {
                    bytes = in.transferTo(OutputStream.nullOutputStream());
                }
                c.disconnect();
                gets[i] = ms(t0);
            }
            r.put("GET /metrics, median of 5 (ms)", median(gets));
            r.put("GET /metrics body (KiB)", bytes / 1024.0);
        }
        r.put("RSS growth (MiB)", (rssKiB() - rss0) / 1024.0);
        r.put("RSS (MiB)", rssKiB() / 1024.0);
        return r;
    }

    /** The table with the last real server removed from the first {@code n} services, as a reload would leave it. */
    private static KernelTable dropOneServer(KernelTable t, int n) {
        Map<dev.fulcrum.ipvs.model.ServiceKey, KernelTable.Entry> m = new LinkedHashMap<>(t.services());
        int i = 0;
        for (var e : t.services().entrySet()) {
            if (i++ >= n) {
                break;
            }
            var d = new LinkedHashMap<>(e.getValue().destinations());
            d.remove(d.keySet().stream().reduce((a, b) -> b).orElseThrow());
            m.put(e.getKey(), new KernelTable.Entry(e.getValue().service(), d));
        }
        return new KernelTable(m);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

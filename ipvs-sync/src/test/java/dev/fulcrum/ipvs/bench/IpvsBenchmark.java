package dev.fulcrum.ipvs.bench;

import dev.fulcrum.ipvs.IpvsClient;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.reconcile.AppliedServicesFile;
import dev.fulcrum.ipvs.reconcile.DesiredDestination;
import dev.fulcrum.ipvs.reconcile.DesiredService;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.IpvsReconciler;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import dev.fulcrum.ipvs.reconcile.ReconcileReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciler benchmark, run inside the IPVS VM in a fresh network namespace per N (see
 * {@code ipvs-sync/bench/run-bench.sh}). The same table as the anchors: N TCP services (NAT, rr) x 4
 * real servers. Prints one "RESULT key=value" line per figure; the script builds the table.
 *
 * <p>Usage: {@code IpvsBenchmark rules N} prints the table as ipvsadm -R input;
 * {@code IpvsBenchmark run N} applies it from empty, applies a 1 % change, then clears.
 */
public final class IpvsBenchmark {
    private IpvsBenchmark() {
    }

    static InetAddress v4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServiceKey vip(int i) {
        return ServiceKey.of(Protocol.TCP, v4(10, (i >> 16) & 255, (i >> 8) & 255, i & 255), 80);
    }

    static InetAddress rs(int k) {
        return v4(172, 16 + (k >> 16), (k >> 8) & 255, k & 255);
    }

    static DesiredService service(int i, int weightBump, int rsOffset) {
        List<DesiredDestination> ds = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            ds.add(DesiredDestination.healthy(Destination.of(rs(rsOffset + i * 4 + j), 80, ForwardMethod.MASQ, 1 + (j == 0 ? weightBump : 0))));
        }
        return DesiredService.of(Service.of(vip(i), "rr"), ds);
    }

    static DesiredTable table(int n) {
        List<DesiredService> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(service(i, 0, 0));
        }
        return DesiredTable.of(s);
    }

    static long procLines() throws IOException {
        try (var lines = Files.lines(Path.of("/proc/net/ip_vs"))) {
            return lines.count();
        }
    }

    /**
     * Runs the Java code paths (planning, encoding, batched request/ack) without changing the IPVS
     * table, so the timed passes measure a warmed-up JVM like the long-running daemon's.
     */
    static void warmUp(int n) {
        DesiredTable t = table(Math.min(n, 2000));
        dev.fulcrum.ipvs.reconcile.ReconcilePlanner planner = new dev.fulcrum.ipvs.reconcile.ReconcilePlanner(ReconcileOptions.DEFAULTS);
        try (IpvsClient client = IpvsClient.open()) {
            for (int round = 0; round < 3; round++) {
                var plan = planner.plan(t, DesiredTable.empty(), dev.fulcrum.ipvs.model.KernelTable.empty(), java.util.Set.of(), java.util.Map.of(), java.time.Instant.now());
                for (var op : plan.ops()) {
                    // encode, and decode the same bytes (the kernel's replies share the layout) to warm both paths
                    byte[] m = client.codec().encode(op).message();
                    var msg = dev.fulcrum.net.netlink.NetlinkMessage.parseAll(m, m.length).get(0);
                    if (op instanceof dev.fulcrum.ipvs.IpvsOperation.AddService) {
                        dev.fulcrum.ipvs.netlink.IpvsCodec.decodeService(msg);
                    } else {
                        dev.fulcrum.ipvs.netlink.IpvsCodec.decodeDestination(msg, op.service().family());
                    }
                }
                List<dev.fulcrum.net.netlink.NetlinkRequest> infos = new ArrayList<>();
                for (int i = 0; i < 5000; i++) {
                    infos.add(client.codec().getInfo());
                }
                dev.fulcrum.net.netlink.NetlinkSocket s = dev.fulcrum.net.netlink.NetlinkSocket.open(dev.fulcrum.net.netlink.Netlink.NETLINK_GENERIC);
                try (s) {
                    long t0 = System.nanoTime();
                    s.execute(infos);
                    long t1 = System.nanoTime();
                    if (round == 2) {
                        // our netlink + Java cost per request when the kernel does almost nothing
                        System.out.printf("RESULT n=%d phase=overhead seconds=%.3f ops=%d us_per_op=%.1f%n", n, (t1 - t0) / 1e9, infos.size(),
                                (t1 - t0) / 1e3 / infos.size());
                    }
                }
                client.table();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        if (mode.equals("rules")) {
            StringBuilder sb = new StringBuilder();
            for (DesiredService s : table(n).services().values()) {
                ServiceKey.AddressKey k = (ServiceKey.AddressKey) s.service().key();
                String vs = k.address().getHostAddress() + ":" + k.port();
                sb.append("-A -t ").append(vs).append(" -s rr\n");
                for (DesiredDestination d : s.destinations().values()) {
                    sb.append("-a -t ").append(vs).append(" -r ").append(d.destination().address().getHostAddress()).append(":80 -m -w 1\n");
                }
            }
            System.out.print(sb);
            return;
        }
        DesiredTable full = table(n);
        boolean warm = args.length > 2 && args[2].equals("warm");
        String tag = warm ? "warm" : "cold";
        if (warm) {
            warmUp(n);
        }
        Path state = Files.createTempFile("fulcrum-bench", ".applied");
        try (IpvsClient client = IpvsClient.open();
             IpvsReconciler r = new IpvsReconciler(client, new AppliedServicesFile(state), ReconcileOptions.DEFAULTS, new SimpleMeterRegistry())) {
            r.desired(full);
            long t0 = System.nanoTime();
            ReconcileReport load = r.reconcileOnce();
            long t1 = System.nanoTime();
            System.out.printf("RESULT jit=" + tag + " n=%d phase=load seconds=%.3f ops=%d failed=%d read_s=%.3f apply_s=%.3f lines=%d expected_lines=%d%n",
                    n, (t1 - t0) / 1e9, load.issued(), load.failed(), load.readTime().toNanos() / 1e9, load.applyTime().toNanos() / 1e9,
                    procLines(), 3 + 5L * n);

            long t2 = System.nanoTime();
            ReconcileReport idle = r.reconcileOnce();
            long t3 = System.nanoTime();
            System.out.printf("RESULT jit=" + tag + " n=%d phase=noop seconds=%.3f ops=%d%n", n, (t3 - t2) / 1e9, idle.issued());

            // 1 % change: 1 % of the services removed, 1 % new ones added, 1 % get a new weight on one RS
            int pct = Math.max(1, n / 100);
            DesiredTable changed = full;
            for (int i = 0; i < pct; i++) {
                changed = changed.without(vip(i));
                changed = changed.with(service(n + i, 0, 4 * n));
                changed = changed.with(service(pct + i, 5, 0));
            }
            long expected = pct * (1L + 5L + 1L);
            r.desired(changed);
            long t4 = System.nanoTime();
            ReconcileReport change = r.reconcileOnce();
            long t5 = System.nanoTime();
            System.out.printf("RESULT jit=" + tag + " n=%d phase=change seconds=%.3f ops=%d expected_ops=%d added=%d updated=%d removed=%d read_s=%.3f apply_s=%.3f%n",
                    n, (t5 - t4) / 1e9, change.issued(), expected, change.added(), change.updated(), change.removed(),
                    change.readTime().toNanos() / 1e9, change.applyTime().toNanos() / 1e9);

            long t6 = System.nanoTime();
            ReconcileReport clear = r.clear();
            long t7 = System.nanoTime();
            System.out.printf("RESULT jit=" + tag + " n=%d phase=clear seconds=%.3f ops=%d failed=%d lines_left=%d%n",
                    n, (t7 - t6) / 1e9, clear.issued(), clear.failed(), procLines());
        } finally {
            Files.deleteIfExists(state);
        }
    }
}

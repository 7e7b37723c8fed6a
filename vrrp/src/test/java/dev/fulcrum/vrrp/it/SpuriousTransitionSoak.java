package dev.fulcrum.vrrp.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Soak: two Fulcrum directors at v3 advert 0.02 s (backup Master_Down_Interval 72 ms) for N minutes
 * while both cores are saturated by busy loops and each director JVM allocates {@code MB/s} of garbage.
 * Success = zero transitions after the initial election. Prints the transitions, the largest gap
 * between the master's adverts on the wire, and the directors' longest GC pause.
 * {@code java -cp ... dev.fulcrum.vrrp.it.SpuriousTransitionSoak [minutes] [allocMBps]}
 */
public final class SpuriousTransitionSoak {
    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        String alloc = args.length > 1 ? args[1] : "200";
        List<Process> burners = new ArrayList<>();
        try (NetnsLab lab = new NetnsLab("vrrps")) {
            NetnsLab.LogView wire = lab.capture("vrrp", "ip proto 112 and src 10.99.0.11");
            String gc1 = lab.dir.resolve("gc-lb1.log").toString();
            String gc2 = lab.dir.resolve("gc-lb2.log").toString();
            System.setProperty("fulcrum.lab.jvm", NetnsLab.DIRECTOR_JVM + " -Xlog:gc:file=" + gc1);
            NetnsLab.Fulcrum lb1 = lab.fulcrum("lb1", "--prio", "150", "--advert-cs", "2", "--vip", "10.99.0.50/24",
                    "--alloc-mb-s", alloc);
            lb1.awaitLine("Entering MASTER STATE", Duration.ofSeconds(30));
            System.setProperty("fulcrum.lab.jvm", NetnsLab.DIRECTOR_JVM + " -Xlog:gc:file=" + gc2);
            NetnsLab.Fulcrum lb2 = lab.fulcrum("lb2", "--prio", "100", "--advert-cs", "2", "--vip", "10.99.0.50/24",
                    "--alloc-mb-s", alloc);
            lb2.awaitLine("Entering BACKUP STATE", Duration.ofSeconds(30));
            Thread.sleep(2000);
            for (int i = 0; i < 2; i++) {
                burners.add(new ProcessBuilder("busybox", "sh", "-c", "while :; do :; done").start());
            }
            long t0 = System.currentTimeMillis();
            System.out.printf("soak: %.1f min, v3 0.02 s, 2 busy loops, %s MB/s allocation per director, JVM: %s%n",
                    minutes, alloc, NetnsLab.DIRECTOR_JVM);
            Thread.sleep((long) (minutes * 60_000));
            burners.forEach(Process::destroyForcibly);
            long lb2Master = lb2.count("Entering MASTER STATE");
            long lb1Yield = lb1.count("Entering (BACKUP|FAULT) STATE \\((?!init)");
            double maxGap = maxGapMs(wire, t0 / 1000.0);
            System.out.printf("RESULT spurious transitions: backup->MASTER %d, master->BACKUP/FAULT %d%n", lb2Master, lb1Yield);
            System.out.printf("RESULT largest gap between master adverts on the wire: %.1f ms (backup MDI 72.2 ms)%n", maxGap);
            System.out.printf("RESULT longest GC pause: lb1 %.2f ms, lb2 %.2f ms%n", maxPause(Path.of(gc1)), maxPause(Path.of(gc2)));
        } finally {
            burners.forEach(Process::destroyForcibly);
        }
    }

    static double maxGapMs(NetnsLab.LogView wire, double from) throws Exception {
        double last = -1;
        double max = 0;
        long n = 0;
        for (String l : wire.lines()) {
            String[] p = l.split(" ");
            if (p.length < 2 || !p[0].matches("\\d+\\.\\d+")) {
                continue;
            }
            double t = Double.parseDouble(p[0]);
            if (t < from) {
                continue;
            }
            if (last > 0) {
                max = Math.max(max, t - last);
            }
            last = t;
            n++;
        }
        System.out.printf("RESULT master adverts on the wire during the soak: %d%n", n);
        return max * 1000;
    }

    static double maxPause(Path gcLog) throws Exception {
        double max = 0;
        if (!Files.exists(gcLog)) {
            return -1;
        }
        for (String l : Files.readAllLines(gcLog)) {
            int i = l.lastIndexOf(' ');
            if (l.endsWith("ms") && i > 0) {
                try {
                    max = Math.max(max, Double.parseDouble(l.substring(i + 1, l.length() - 2)));
                } catch (NumberFormatException ignored) {
                    // not a pause line
                }
            }
        }
        return max;
    }
}

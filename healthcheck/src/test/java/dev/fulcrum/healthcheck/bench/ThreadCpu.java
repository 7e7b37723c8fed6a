package dev.fulcrum.healthcheck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process per kind of thread (event loop, JIT compiler, GC, ...), read from
 * /proc/self/task so that the JVM's own native threads are included: the benchmark must show where the
 * checker's CPU goes, not only how much it is. Also the user and kernel time of any process (keepalived's
 * checker, the C client, this JVM), from the same /proc stat fields.
 */
final class ThreadCpu {
    /** The clock ticks per second of /proc's utime and stime. */
    static final long CLK_TCK = 100;

    private ThreadCpu() {
    }

    /** utime and stime, in clock ticks, of the process {@code pid}. */
    static long[] userSys(long pid) throws IOException {
        return userSys(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** utime and stime (fields 14 and 15) of a /proc stat line; the command name may hold spaces and parentheses. */
    private static long[] userSys(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /** Clock ticks (1/100 s) per thread kind: the thread name with digits and trailing separators removed. */
    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        eachThread(t -> {
            String stat = Files.readString(t.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            long[] us = userSys(stat);
            out.merge(comm.replaceAll("[0-9]+", "").replaceAll("[-_# ]+$", ""), us[0] + us[1], Long::sum);
        });
        return out;
    }

    /** What a look at one of this JVM's threads (its /proc/self/task directory) does. */
    @FunctionalInterface
    private interface ThreadLook {
        void at(Path task) throws IOException;
    }

    /** Looks at each of this JVM's threads; a thread that ends while it is looked at is skipped. */
    private static void eachThread(ThreadLook look) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    look.at(t);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "kind 12.3 s, ..." for kinds that used CPU between the two snapshots, largest first. */
    static String delta(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder sb = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(8)
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.2f s", e.getValue() / (double) CLK_TCK)));
        return sb.toString();
    }

    /**
     * Voluntary context switches of a process's main thread, or summed over this JVM's threads whose name starts
     * with {@code prefix}: how often a checker went to sleep and was woken again, each time at the price of two
     * context switches, which is a large part of a cheap check's CPU.
     */
    static long sleeps(long pid) throws IOException {
        return voluntarySwitches(Path.of("/proc/" + pid + "/status"));
    }

    static long sleeps(String prefix) {
        long[] sum = {0};
        eachThread(t -> {
            if (Files.readString(t.resolve("comm")).startsWith(prefix)) {
                sum[0] += voluntarySwitches(t.resolve("status"));
            }
        });
        return sum[0];
    }

    private static long voluntarySwitches(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }
}

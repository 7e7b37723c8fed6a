package dev.fulcrum.healthcheck.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The minimal C checker ({@code src/test/c/http_check_floor.c}) run beside a benchmark's checkers, against
 * the same servers at the same rate: what a check costs when nothing but the kernel's work is left, so
 * that keepalived's and Fulcrum's figures can be read against it.
 */
record MinimalHttpClient(String label, Process process, BufferedReader from, PrintStream to) implements AutoCloseable {
    /** Compiles the client with gcc into {@code dir}; the source is found from the repository or the module directory. */
    static Path compile(Path dir) throws Exception {
        Path bin = dir.resolve("http_check_floor");
        Path src = Path.of("healthcheck/src/test/c/http_check_floor.c");
        if (!Files.exists(src)) {
            src = Path.of("src/test/c/http_check_floor.c");
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString()).inheritIO().start();
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc failed on " + src.toAbsolutePath());
        }
        return bin;
    }

    /**
     * Starts checking servers {@code PREFIX.(1 + i / 250).(1 + i % 250):port} (as {@link BenchResponder#address}
     * lays them out) every second; {@code tickMs} 0 is event-driven, above 0 wakes only on that grid.
     */
    static MinimalHttpClient start(Path bin, int n, String prefix, int port, int tickMs) throws Exception {
        return start(bin, n, prefix, port, tickMs, false);
    }

    /** As {@link #start(Path, int, String, int, int)}; with {@code keepAlive} each server's HTTP/1.1 connection is kept and reused. */
    static MinimalHttpClient start(Path bin, int n, String prefix, int port, int tickMs, boolean keepAlive) throws Exception {
        ProcessBuilder b = new ProcessBuilder(bin.toString(), Integer.toString(n), prefix, Integer.toString(port), "1000", Integer.toString(tickMs))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (keepAlive) {
            b.environment().put("FLOOR_KEEPALIVE", "1");
        }
        Process p = b.start();
        String label = tickMs == 0 ? "C client, event-driven" : "C client, " + tickMs + " ms ticks";
        return new MinimalHttpClient(keepAlive ? label + ", kept" : label, p,
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)),
                new PrintStream(p.getOutputStream(), true, StandardCharsets.US_ASCII));
    }

    /** Checks so far, 200 answers so far, user ticks, kernel ticks. */
    long[] sample() throws Exception {
        long[] cpu = ThreadCpu.userSys(process.pid());
        to.println("count");
        for (int i = 0; i < 100; i++) {
            String line = from.readLine();
            if (line != null && line.startsWith("count ")) {
                String[] c = line.split(" ");
                return new long[] {Long.parseLong(c[1]), Long.parseLong(c[2]), cpu[0], cpu[1]};
            }
        }
        throw new IllegalStateException(label + " does not answer count");
    }

    /** CPU per check, in microseconds, over a window from sample {@code a} to sample {@code b}. */
    static double cpuPerCheckMicros(long[] a, long[] b) {
        return (b[2] - a[2] + b[3] - a[3]) * (1e6 / ThreadCpu.CLK_TCK) / Math.max(1, b[0] - a[0]);
    }

    /** One line over a window from {@code a} to {@code b} (samples), with the ratio to {@code anchorPerCheckUs} when above 0. */
    String line(long[] a, long[] b, double wallSeconds, double anchorPerCheckUs) {
        long req = b[0] - a[0];
        double per = cpuPerCheckMicros(a, b);
        return String.format("%-30s %8.1f /s %8.1f µs/check%s, user / kernel s %.2f / %.2f (%d of %d answered 200)", label,
                req / wallSeconds, per, anchorPerCheckUs > 0 ? String.format(", ratio to keepalived %.2f", per / anchorPerCheckUs) : "",
                (b[2] - a[2]) / (double) ThreadCpu.CLK_TCK, (b[3] - a[3]) / (double) ThreadCpu.CLK_TCK, b[1] - a[1], req);
    }

    @Override
    public void close() throws Exception {
        to.println("quit");
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

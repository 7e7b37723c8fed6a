package dev.fulcrum.vrrp.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VRRP netns lab for ITs: four namespaces on one bridge (topology.sh), directors started as real
 * processes inside them, and helpers to look at logs, addresses, the wire and the client's view. Every
 * wait is bounded; {@link #close()} kills what it started (by pid) and deletes the namespaces.
 */
final class NetnsLab implements AutoCloseable {
    static final String VIP = "10.99.0.50";
    /** How long a director may take to start (JVM, 512 MB pre-touched heap) on a host other jobs saturate. */
    static final java.time.Duration START = java.time.Duration.ofSeconds(40);
    /**
     * The director JVM settings: the serial collector (a few ms per young pause on a small live set, no
     * concurrent GC threads competing for 2 cores) with a large young generation, so that safepoints are
     * rare (every ~2 s at 200 MB/s): each one waits for every Java thread, including starved
     * normal-priority ones, to reach a poll. Fixed, pre-touched heap so no page fault lands in a timer
     * path; C1 only to keep JIT threads short. No periodic "guaranteed" safepoint (by default the VM
     * thread may stop every thread once a second for cleanup work), and every page locked in RAM
     * ({@code fulcrum.vrrp.noSwap}, keepalived's vrrp_no_swap).
     */
    static final String DIRECTOR_JVM =
            "-XX:+UseSerialGC -Xms512m -Xmx512m -Xmn384m -XX:+AlwaysPreTouch -XX:TieredStopAtLevel=1"
                    + " -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -Dfulcrum.vrrp.noSwap=true";
    final String prefix;
    final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> pidFiles = new ArrayList<>();

    NetnsLab(String prefix) throws IOException {
        this.prefix = prefix;
        this.dir = Files.createTempDirectory("vrrp-it-" + prefix);
        Path script = dir.resolve("topology.sh");
        try (var in = NetnsLab.class.getResourceAsStream("/netns/topology.sh")) {
            Files.write(script, in.readAllBytes());
        }
        sh(20, "sh", script.toString(), "up", prefix);
        for (String ns : List.of("lb1", "lb2")) {
            Path www = dir.resolve("www-" + ns);
            Files.createDirectories(www);
            Files.writeString(www.resolve("index.html"), ns + "\n");
            start(ns, "httpd-" + ns, List.of("busybox", "httpd", "-f", "-p", "80", "-h", www.toString()));
        }
    }

    String ns(String node) {
        return prefix + node;
    }

    /** Runs a command to completion (bounded) and returns its output. */
    static String sh(int timeoutSeconds, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    String inNs(String node, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns(node)));
        c.addAll(List.of(cmd));
        return sh(10, c.toArray(String[]::new));
    }

    /** A process inside {@code node}'s namespace, output to {@code dir/name.log}. */
    Process start(String node, String name, List<String> cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns(node)));
        c.addAll(cmd);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(c).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(p);
        return p;
    }

    /** A Fulcrum director (LabDirector) in {@code node}. */
    Fulcrum fulcrum(String node, String... args) throws IOException {
        // as the launcher's fast-advert profile: every thread of the director outranks ordinary processes
        List<String> c = new ArrayList<>(List.of("nice", "-n", System.getProperty("fulcrum.lab.nice", "-10"), "java"));
        c.addAll(List.of(System.getProperty("fulcrum.lab.jvm", DIRECTOR_JVM).trim().split("\\s+")));
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.fulcrum.vrrp.run.LabDirector"));
        c.addAll(List.of(args));
        Path log = dir.resolve("fulcrum-" + node + ".log");
        int from = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        return new Fulcrum(start(node, "fulcrum-" + node, c), log, from);
    }

    /** keepalived (VRRP only) in {@code node} with its own pid files. */
    Keepalived keepalived(String node, String conf) throws IOException {
        Path cfg = dir.resolve("keepalived-" + node + ".conf");
        Files.writeString(cfg, conf);
        Path pid = dir.resolve("ka-" + node + ".pid");
        Path vrrpPid = dir.resolve("ka-" + node + "-vrrp.pid");
        pidFiles.add(pid);
        pidFiles.add(vrrpPid);
        Path log = dir.resolve("keepalived-" + node + ".log");
        int from = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        Process p = start(node, "keepalived-" + node, List.of("keepalived", "-n", "-l", "-D", "-P", "-f", cfg.toString(),
                "-p", pid.toString(), "-r", vrrpPid.toString()));
        return new Keepalived(p, log, from, pid, vrrpPid);
    }

    boolean hasVip(String node) throws IOException {
        return sh(10, "ip", "-n", ns(node), "-4", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    static final String VIP6 = "2001:db8:99::50";

    boolean hasVip6(String node) throws IOException {
        return sh(10, "ip", "-n", ns(node), "-6", "addr", "show", "dev", "eth0").contains(" " + VIP6 + "/");
    }

    /** Which director answers HTTP on the IPv6 VIP for the client. */
    String clientSees6() {
        try {
            return inNs("cl", "curl", "-s", "-m", "1", "-g", "http://[" + VIP6 + "]/").trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Which director answers HTTP on the VIP for the client ("lb1", "lb2" or empty). */
    String clientSees() {
        try {
            return inNs("cl", "curl", "-s", "-m", "1", "http://" + VIP + "/").trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls {@code check} every 20 ms up to {@code timeout}. */
    static boolean await(Duration timeout, IoCheck check) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (check.ok()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return check.ok();
    }

    interface IoCheck {
        boolean ok() throws IOException;
    }

    /** A log file, read from a line offset, searched for patterns. */
    static class LogView {
        final Path log;
        final int from;

        LogView(Path log, int from) {
            this.log = log;
            this.from = from;
        }

        List<String> lines() throws IOException {
            if (!Files.exists(log)) {
                return List.of();
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.min(from, all.size()), all.size());
        }

        Optional<String> find(String regex) throws IOException {
            Pattern p = Pattern.compile(regex);
            return lines().stream().filter(l -> p.matcher(l).find()).findFirst();
        }

        long count(String regex) throws IOException {
            Pattern p = Pattern.compile(regex);
            return lines().stream().filter(l -> p.matcher(l).find()).count();
        }

        String awaitLine(String regex, Duration timeout) throws IOException {
            if (!await(timeout, () -> find(regex).isPresent())) {
                throw new AssertionError("no line matching /" + regex + "/ in " + log + " within " + timeout
                        + ":\n" + String.join("\n", lines()));
            }
            return find(regex).orElseThrow();
        }

        /** Waits until {@code regex} has matched {@code n} lines; returns the n-th. */
        String awaitNth(String regex, int n, Duration timeout) throws IOException {
            if (!await(timeout, () -> count(regex) >= n)) {
                throw new AssertionError(n + " lines matching /" + regex + "/ expected in " + log + " within " + timeout
                        + ":\n" + String.join("\n", lines()));
            }
            Pattern p = Pattern.compile(regex);
            return lines().stream().filter(l -> p.matcher(l).find()).skip(n - 1).findFirst().orElseThrow();
        }

        /** The HH:mm:ss.SSS timestamp at the start of a Fulcrum log line. */
        static LocalTime time(String line) {
            Matcher m = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d)").matcher(line);
            if (!m.find()) {
                throw new AssertionError("no timestamp: " + line);
            }
            return LocalTime.parse(m.group(1));
        }
    }

    static final class Fulcrum extends LogView {
        final Process process;

        Fulcrum(Process process, Path log, int from) {
            super(log, from);
            this.process = process;
        }

        /** The JVM's pid (ip netns exec execs it, so this is the java process). */
        long pid() {
            return process.pid();
        }

        void signal(String sig) throws IOException {
            sh(5, "kill", "-" + sig, Long.toString(pid()));
        }

        int awaitExit(Duration d) throws Exception {
            if (!process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("director did not exit within " + d);
            }
            return process.exitValue();
        }
    }

    static final class Keepalived extends LogView {
        final Process process;
        final Path pid;
        final Path vrrpPid;

        Keepalived(Process process, Path log, int from, Path pid, Path vrrpPid) {
            super(log, from);
            this.process = process;
            this.pid = pid;
            this.vrrpPid = vrrpPid;
        }

        /**
         * SIGKILL to the parent and the VRRP child (a crash of the whole daemon). The pid files are removed
         * too: a killed child may linger as a zombie and make the next start believe it is still running.
         */
        void kill() throws IOException {
            for (Path p : List.of(vrrpPid, pid)) {
                if (Files.exists(p)) {
                    try {
                        sh(5, "kill", "-KILL", Files.readString(p).trim());
                    } catch (IOException ignored) {
                        // already gone
                    }
                    Files.deleteIfExists(p);
                }
            }
        }

        void term() throws IOException {
            sh(5, "kill", "-TERM", Files.readString(pid).trim());
        }
    }

    /** tcpdump on the bridge, line-buffered, with absolute timestamps. */
    LogView capture(String name, String filter) throws IOException {
        Path log = dir.resolve(name + ".pcap.txt");
        List<String> c = new ArrayList<>(List.of("tcpdump", "-i", "br0", "-n", "-l", "-e", "-tt"));
        c.addAll(List.of(filter.split(" ")));
        start("sw", name + ".pcap", c);
        // tcpdump writes to stdout; start() logs it to name.pcap.log
        return new LogView(dir.resolve(name + ".pcap.log"), 0);
    }

    @Override
    public void close() throws IOException {
        for (Path p : pidFiles) {
            if (Files.exists(p)) {
                try {
                    sh(5, "kill", "-KILL", Files.readString(p).trim());
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sh(20, "sh", dir.resolve("topology.sh").toString(), "down", prefix);
    }
}

package dev.fulcrum.app.it;

import dev.fulcrum.app.control.ControlClient;
import dev.fulcrum.lab.NetnsLab;
import dev.fulcrum.lab.ProcessResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real `fulcrum run` process inside a lab host, started from the shaded jar exactly as an operator
 * runs it, with its own settings (state directory, control socket) under a test directory.
 */
final class DirectorProcess implements AutoCloseable {
    final NetnsLab lab;
    final String host;
    final Path dir;
    final Path log;
    private Process process;

    DirectorProcess(NetnsLab lab, String host, Path baseDir) {
        this.lab = lab;
        this.host = host;
        this.dir = baseDir.resolve(host);
        this.log = dir.resolve("fulcrum.log");
    }

    static Path jar() {
        Path p = dev.fulcrum.lab.LabPaths.projectDir().resolve("director-app").resolve("target").resolve("fulcrum.jar");
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing: integration tests run after `package`");
        }
        return p;
    }

    Path socket() {
        return dir.resolve("control.sock");
    }

    DirectorProcess start(Path config) {
        try {
            Files.createDirectories(dir);
            Path settings = dir.resolve("settings.conf");
            Files.writeString(settings, "fulcrum {\n  metrics.listen = \"127.0.0.1:9165\"\n  control.socket = \"" + socket()
                    + "\"\n  state-directory = \"" + dir.resolve("state") + "\"\n}\n");
            List<String> cmd = new ArrayList<>(lab.inHost(host, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "run", "-f", config.toString(), "--id", host,
                    "--settings", settings.toString())));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM's own pid (the child of `ip netns exec`, which execs). */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void signal(String sig) {
        ProcessResult r = dev.fulcrum.lab.Processes.run(List.of("kill", "-" + sig, Long.toString(pid())), Duration.ofSeconds(5));
        if (!r.ok()) {
            throw new IllegalStateException(r.toString());
        }
    }

    int waitForExit(Duration d) throws InterruptedException {
        if (!process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(host + ": fulcrum did not exit within " + d + "\n" + logText());
        }
        return process.exitValue();
    }

    Map<String, Object> status() throws IOException {
        return ControlClient.request(socket(), Map.of("cmd", "status"));
    }

    Map<String, Object> reload() throws IOException {
        return ControlClient.request(socket(), Map.of("cmd", "reload"));
    }

    String metrics() {
        return lab.exec(host, Duration.ofSeconds(10), "curl", "-sS", "-m", "3", "http://127.0.0.1:9165/metrics").stdout();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String file(Path p) {
        return p.toString().replace(File.separatorChar, '/');
    }
}

package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.spec.ScriptSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code vrrp_script} on its own thread (never on an event loop) every interval, kills it at the
 * timeout, and reports OK/KO after {@code rise}/{@code fall} consecutive results.
 */
final class ScriptTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptTracker.class);
    private final ScriptSpec spec;
    private final List<TrackerFeed> feeds;
    private final String user;
    private final Thread thread;
    private volatile boolean closed;
    private boolean ok;
    private int streak;

    ScriptTracker(ScriptSpec spec, List<TrackerFeed> feeds, String defaultUser) {
        this.spec = spec;
        this.feeds = List.copyOf(feeds);
        this.user = spec.user() != null ? spec.user() : defaultUser;
        this.ok = !spec.initFail();
        this.thread = new Thread(this::run, "vrrp-script-" + spec.name());
        thread.setDaemon(true);
    }

    long initialReading() {
        return ok ? 1 : 0;
    }

    void start() {
        thread.start();
    }

    /** keepalived's script security: the executable must not be writable by anyone but root. */
    static String insecurity(String command) {
        String exe = command.trim().split("\\s+")[0];
        Path p = Path.of(exe);
        if (!p.isAbsolute() || !Files.exists(p)) {
            return null; // a shell builtin or PATH lookup: nothing to inspect
        }
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.owner().getName().equals("root")) {
                return exe + " is owned by " + a.owner().getName();
            }
            if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                return exe + " is writable by group or others";
            }
        } catch (Exception e) {
            return exe + ": " + e.getMessage();
        }
        return null;
    }

    private void run() {
        long next = System.nanoTime();
        while (!closed) {
            boolean success = runOnce();
            if (success == ok) {
                streak = 0;
            } else if (++streak >= (success ? spec.rise() : spec.fall())) {
                ok = success;
                streak = 0;
                LOG.info("VRRP_Script({}) {}", spec.name(), ok ? "succeeded" : "failed");
                feeds.forEach(f -> f.push(ok ? 1 : 0));
            }
            next += spec.intervalMillis() * 1_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep < 0) {
                next = System.nanoTime();
                sleep = 0;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean runOnce() {
        List<String> argv = new ArrayList<>();
        if (user != null && !user.isBlank() && !user.equals("root")) {
            argv.addAll(List.of("runuser", "-u", user, "--"));
        }
        argv.addAll(List.of("/bin/sh", "-c", spec.command()));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(spec.timeoutMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                LOG.warn("VRRP_Script({}) timed out", spec.name());
                return false;
            }
            return p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ok;
        } catch (Exception e) {
            LOG.warn("VRRP_Script({}) cannot run: {}", spec.name(), e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.machine.VrrpState;
import dev.fulcrum.vrrp.spec.NotifySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify scripts off the event loop, strictly in transition order (one worker thread per instance
 * or group), each with a timeout, as {@code user} via runuser when one is configured. keepalived gives
 * no ordering guarantee; operators wrote FIFO workarounds for that, so we give one.
 */
public final class NotifyScripts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyScripts.class);
    private final String kind;
    private final String name;
    private final NotifySpec spec;
    private final long timeoutMillis;
    private final ExecutorService worker;
    private final boolean scriptSecurity;
    private final String defaultUser;

    public NotifyScripts(String kind, String name, NotifySpec spec, long timeoutMillis) {
        this(kind, name, spec, timeoutMillis, false, null);
    }

    /**
     * @param scriptSecurity refuse (and log) scripts a non-root user could modify
     * @param defaultUser    global script_user, used when the spec names none
     */
    public NotifyScripts(String kind, String name, NotifySpec spec, long timeoutMillis, boolean scriptSecurity,
                         String defaultUser) {
        this.kind = kind;
        this.name = name;
        this.spec = spec;
        this.timeoutMillis = timeoutMillis;
        this.scriptSecurity = scriptSecurity;
        this.defaultUser = defaultUser;
        this.worker = spec.empty() ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vrrp-notify-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    public void notify(VrrpState state, int priority) {
        if (worker == null) {
            return;
        }
        String specific = switch (state) {
            case MASTER -> spec.master();
            case BACKUP -> spec.backup();
            case FAULT -> spec.fault();
            case STOP -> spec.stop();
            default -> null;
        };
        worker.execute(() -> {
            if (specific != null) {
                run(specific, List.of());
            }
            if (spec.any() != null) {
                run(spec.any(), List.of(kind, name, state.name(), Integer.toString(priority)));
            }
        });
    }

    private void run(String command, List<String> extra) {
        if (scriptSecurity) {
            String why = ScriptTracker.insecurity(command);
            if (why != null) {
                LOG.error("({}) Unsafe permissions found for notify script {} - not running it", name, why);
                return;
            }
        }
        List<String> argv = new ArrayList<>();
        String user = spec.user() != null ? spec.user() : defaultUser;
        if (user != null && !user.isBlank() && !user.equals("root")) {
            argv.addAll(List.of("runuser", "-u", user, "--"));
        }
        argv.addAll(List.of("/bin/sh", "-c", command + (extra.isEmpty() ? "" : " \"$@\""), "notify"));
        argv.addAll(extra);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                LOG.warn("({}) notify script timed out after {} ms: {}", name, timeoutMillis, command);
            } else if (p.exitValue() != 0) {
                LOG.warn("({}) notify script exited {}: {}", name, p.exitValue(), command);
            }
        } catch (Exception e) {
            LOG.warn("({}) cannot run notify script {}: {}", name, command, e.toString());
        }
    }

    /** Waits briefly for queued scripts (notify_stop at shutdown). */
    @Override
    public void close() {
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(timeoutMillis + 500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.fulcrum.app.daemon;

import dev.fulcrum.conf.model.Script;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify and quorum scripts off the director thread, in order, each with a time limit; a hanging
 * script is killed with its whole process tree and never holds up failover or reconciliation.
 */
public final class ProcessScriptRunner implements Director.ScriptRunner, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessScriptRunner.class);
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scripts");
        t.setDaemon(true);
        return t;
    });
    private final long timeoutMillis;

    public ProcessScriptRunner(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void run(Script script, List<String> extraArgs) {
        runner.execute(() -> execute(script, extraArgs));
    }

    private void execute(Script script, List<String> extraArgs) {
        List<String> cmd = new ArrayList<>();
        String line = script.command() + (extraArgs.isEmpty() ? "" : " " + String.join(" ", extraArgs));
        boolean asOther = script.user().isPresent() && "root".equals(System.getProperty("user.name"));
        if (asOther) {
            cmd.addAll(List.of("runuser", "-u", script.user().get().user(), "--"));
        }
        cmd.addAll(List.of("/bin/sh", "-c", line));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                log.warn("script '{}' timed out after {} ms and was killed", line, timeoutMillis);
                return;
            }
            if (p.exitValue() != 0) {
                log.warn("script '{}' exited with {}", line, p.exitValue());
            } else {
                log.info("script '{}' ran", line);
            }
        } catch (IOException e) {
            log.warn("script '{}' could not start: {}", line, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}

package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.CheckOutcome.DynamicWeight;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MISC_CHECK: runs misc_path in its own session (so it leads a fresh process group) as script_user,
 * without a shell. Exit 0 is up and 1 down; with misc_dynamic 2..255 is up and sets the weight to
 * status − 2. On misc_timeout the whole process group is killed, so a script that forked helpers
 * cannot leave them behind. Output goes nowhere: a chatty script must not be able to block on a pipe.
 */
final class MiscCheck implements Checker {
    private static final Logger LOG = LoggerFactory.getLogger(MiscCheck.class);
    private final NettyCheckers runtime;
    private final CheckerSpec.Misc spec;
    private final List<String> command;

    MiscCheck(NettyCheckers runtime, CheckerSpec.Misc spec) {
        this.runtime = runtime;
        this.spec = spec;
        this.command = command(spec);
    }

    static List<String> command(CheckerSpec.Misc spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        if (spec.user().isPresent() && isRoot()) {
            cmd.add("setpriv");
            cmd.add("--reuid=" + spec.user().get());
            cmd.add("--regid=" + spec.group().orElse(spec.user().get()));
            cmd.add("--init-groups");
            cmd.add("--");
        }
        cmd.addAll(words(spec.path()));
        return cmd;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Splits like a shell would for plain words and quotes, with no expansion of any kind. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in misc_path: " + s);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        return runtime.blockingAttempt(this::launch);
    }

    private void launch(Attempt a) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException | RuntimeException e) {
            a.fail("cannot run: " + e.getMessage());
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        var timeout = runtime.group().next().schedule(() -> {
            if (p.isAlive()) {
                timedOut.set(true);
                runtime.blocking().execute(() -> killGroup(p));
            }
        }, spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Process> exit = p.onExit();
        exit.whenComplete((proc, err) -> {
            timeout.cancel(false);
            if (timedOut.get()) {
                a.fail("timeout after " + spec.timeout().toMillis() + " ms");
                return;
            }
            int status = proc.exitValue();
            if (status == 0) {
                a.succeed();
            } else if (spec.dynamic() && status >= 2 && status <= 255) {
                a.succeed(new DynamicWeight.SetTo(status - 2));
            } else {
                a.fail("exit " + status);
            }
        });
    }

    /** SIGKILL to the whole process group (the script is its session leader), then to any stragglers. */
    private void killGroup(Process p) {
        long pid = p.pid();
        try {
            Process k = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("cannot kill process group {}: {}", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}

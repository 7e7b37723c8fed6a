package dev.fulcrum.app.cli;

import dev.fulcrum.app.daemon.DirectorDaemon;
import dev.fulcrum.app.startup.StartupPrewarm;
import dev.fulcrum.app.startup.StderrLogConfigurator;
import dev.fulcrum.app.startup.StartupTimeline;
import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.ReloadCache;
import dev.fulcrum.conf.settings.DaemonSettings;
import dev.fulcrum.conf.settings.SettingsLoader;
import dev.fulcrum.conf.settings.SettingsResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * `fulcrum run`: the daemon. Unlike keepalived, a configuration with errors is refused at start: a
 * director that comes up half-configured is worse than one that does not come up.
 */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run the director (VRRP, health checks, IPVS reconciler)";
    }

    @Override
    public String usage() {
        return "usage: fulcrum run -f FILE [--id ID] [--settings FILE]\n"
                + "  -f FILE          keepalived.conf to run\n"
                + "  --id ID          selects @id conditional lines (default: short hostname)\n"
                + "  --settings FILE  HOCON daemon settings overriding reference.conf\n"
                + "  SIGHUP or `fulcrum reload` reloads; SIGTERM stops (Masters send priority 0; owned IPVS services are removed, or the table flushed with lvs_flush_on_stop)\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, Set.of("-f", "--id", "--settings"), Set.of()).atMostPositional(0);
        Path file = Path.of(a.required("-f"));
        StartupTimeline timeline = StartupTimeline.begin();
        // libc and logging are set up on the second core while this one reads settings and configuration
        StartupPrewarm prewarm = StartupPrewarm.start();
        // the keepalived.conf does not depend on the settings: it is read beside them
        LoadOptions opts = a.value("--id").map(LoadOptions::forId).orElseGet(LoadOptions::defaults);
        // one cache for the daemon's life: a reload re-reads only the virtual_server blocks whose text
        // changed, and the others come back as the same objects, which every later stage skips by identity.
        // Loads never overlap: the first finishes before the director exists, reloads take a lock.
        ReloadCache cache = new ReloadCache();
        Supplier<ConfResult> source = () -> KeepalivedConf.load(file, opts, cache);
        java.util.concurrent.CompletableFuture<ConfResult> early = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                early.complete(source.get());
            } catch (Throwable t) {
                early.completeExceptionally(t);
            }
        }, "config-reader");
        reader.setDaemon(true);
        reader.start();
        SettingsResult sr = SettingsLoader.load(a.value("--settings").map(Path::of));
        sr.diagnostics().forEach(err::println);
        if (sr.settings().isEmpty()) {
            err.println("fulcrum run: invalid settings, not starting");
            return ExitCode.FAILURE;
        }
        DaemonSettings settings = sr.settings().get();
        System.setProperty("fulcrum.log.level", settings.logLevel().name());
        timeline.mark("settings");
        ConfResult r = early.join(); // KeepalivedConf reports every failure as a diagnostic, never throws
        timeline.mark("configuration");
        for (Diagnostic d : r.diagnostics()) {
            err.println(d);
        }
        if (r.hasErrors() || r.config().isEmpty()) {
            err.println("fulcrum run: " + file + " has " + r.errors().size() + " error(s); not starting");
            return ExitCode.FAILURE;
        }
        prewarm.awaitLogging();
        StderrLogConfigurator.applyLevel(settings.logLevel().name());
        timeline.mark("logging");
        return DirectorDaemon.run(settings, r.config().get(), source, err, timeline);
    }
}

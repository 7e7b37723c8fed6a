package dev.fulcrum.app.cli;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.healthcheck.check.HttpGetCheck;
import dev.fulcrum.healthcheck.check.NettyCheckers;
import dev.fulcrum.healthcheck.conf.CheckPlanFromConfig;
import dev.fulcrum.healthcheck.probe.DigestProbe;
import dev.fulcrum.healthcheck.probe.ProbeReport;
import dev.fulcrum.healthcheck.probe.ProbeRun;
import dev.fulcrum.healthcheck.spec.CheckPlan;
import dev.fulcrum.healthcheck.spec.RealServerSpec;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fulcrum probe}: runs every health checker of a config once, with the daemon's own checker code,
 * and shows why each server is up or down. With {@code --digest URL} it is keepalived's genhash: the MD5
 * to put in a url block's {@code digest}.
 */
final class ProbeCommand implements Command {
    private static final String USAGE = "usage: fulcrum probe -f FILE [--id ID] [--server IP:PORT] [--json]\n"
            + "       fulcrum probe --digest URL [--virtualhost NAME] [--timeout SECONDS]\n"
            + "  Runs every checker of the configuration once (no retries, no state) and prints one row per\n"
            + "  checker: server, virtual server, checker, UP/DOWN, reason (refused, timeout, status 503,\n"
            + "  digest mismatch, exit 1, ...) and latency. Exits 0 when every checker is up, 1 otherwise.\n"
            + "  --id ID              config-id selecting @ID lines (default: the short hostname)\n"
            + "  --server IP:PORT     only the checkers of this real server ([v6]:port for IPv6)\n"
            + "  --json               a JSON array instead of the table\n"
            + "  --digest URL         GET http://IP[:PORT]/PATH or https://... like HTTP_GET/SSL_GET and print\n"
            + "                       the status, body size and the MD5 of the body for a `digest` line\n"
            + "  --virtualhost NAME   Host header (and SNI for https) for --digest\n"
            + "  --timeout SECONDS    connect/read timeout for --digest (default 5)\n";

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public String summary() {
        return "run every health checker of a config once and print the results";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, Set.of("-f", "--id", "--server", "--digest", "--virtualhost", "--timeout"), Set.of("--json"))
                .atMostPositional(0);
        if (a.value("--digest").isPresent()) {
            if (a.value("-f").isPresent()) {
                throw new UsageException("--digest and -f do not go together");
            }
            return digest(a, out, err);
        }
        if (a.value("--virtualhost").isPresent() || a.value("--timeout").isPresent()) {
            throw new UsageException("--virtualhost and --timeout go with --digest");
        }
        Path file = Path.of(a.required("-f"));
        Optional<InetSocketAddress> only = a.value("--server").isPresent() ? Optional.of(server(a.value("--server").get())) : Optional.empty();
        LoadOptions opts = a.value("--id").map(LoadOptions::forId).orElseGet(LoadOptions::defaults);
        ConfResult r = KeepalivedConf.load(file, opts);
        if (r.config().isEmpty()) {
            r.diagnostics().forEach(err::println);
            err.println(file + ": configuration has errors; nothing probed");
            return ExitCode.FAILURE;
        }
        r.diagnostics().stream().filter(d -> !d.isError()).map(Diagnostic::toString).forEach(err::println);
        CheckPlanFromConfig.unsupported(r.config().get()).forEach(u -> err.println("note: " + u));
        CheckPlan plan = CheckPlanFromConfig.plan(r.config().get());
        if (only.isPresent()) {
            List<RealServerSpec> match = plan.servers().stream()
                    .filter(s -> s.address().getAddress().equals(only.get().getAddress()) && s.address().getPort() == only.get().getPort())
                    .toList();
            if (match.isEmpty()) {
                err.println("fulcrum probe: no real server " + a.value("--server").get() + " in " + file);
                return ExitCode.FAILURE;
            }
            plan = new CheckPlan(match);
        }
        if (plan.checkerCount() == 0) {
            err.println("fulcrum probe: no checkers to run");
            return ExitCode.FAILURE;
        }
        List<ProbeRun.Result> results;
        try (NettyCheckers runtime = new NettyCheckers(Math.min(4, Runtime.getRuntime().availableProcessors()))) {
            results = ProbeRun.run(plan, runtime);
        }
        out.print(a.flag("--json") ? ProbeReport.json(results) : ProbeReport.table(results));
        return results.stream().allMatch(ProbeRun.Result::ok) ? ExitCode.OK : ExitCode.FAILURE;
    }

    private int digest(Args a, PrintStream out, PrintStream err) throws UsageException {
        Duration timeout;
        try {
            timeout = Duration.ofMillis((long) (Double.parseDouble(a.value("--timeout").orElse("5")) * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException("--timeout needs a number of seconds");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new UsageException("--timeout must be positive");
        }
        String url = a.value("--digest").get();
        try (NettyCheckers runtime = new NettyCheckers(1)) {
            HttpGetCheck.Fetch f = DigestProbe.fetch(runtime, url, a.value("--virtualhost"), timeout);
            if (f.md5().isEmpty()) {
                err.println("fulcrum probe: " + url + ": " + ((dev.fulcrum.healthcheck.engine.CheckOutcome.Failure) f.outcome()).reason());
                return ExitCode.FAILURE;
            }
            out.println("URL:    " + url);
            out.println("STATUS: " + f.status());
            out.println("BYTES:  " + f.bodyBytes());
            out.println("MD5SUM: " + f.md5().get());
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (Exception e) {
            err.println("fulcrum probe: " + url + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    static InetSocketAddress server(String s) throws UsageException {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new UsageException("--server needs IP:PORT, got " + s);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            throw new UsageException("--server needs an IP address, got " + host);
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new UsageException("--server port out of range: " + port);
            }
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new UsageException("--server needs IP:PORT, got " + s);
        }
    }
}

package dev.fulcrum.app.cli;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.ipvs.IpvsClient;
import dev.fulcrum.ipvs.IpvsUnavailableException;
import dev.fulcrum.ipvs.IpvsadmFormat;
import dev.fulcrum.ipvs.OperationResult;
import dev.fulcrum.ipvs.conf.DesiredTableFromConfig;
import dev.fulcrum.ipvs.reconcile.AppliedServicesFile;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.IpvsReconciler;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import dev.fulcrum.ipvs.reconcile.ReconcileReport;
import dev.fulcrum.net.netlink.NetlinkException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code fulcrum ipvs}: look at and reconcile the kernel IPVS table without running the daemon.
 * {@code list} prints what the kernel holds in ipvsadm's format (so existing habits and scripts keep
 * working); {@code apply} reconciles a config's virtual servers once, everything healthy; {@code clear}
 * removes what Fulcrum owns and nothing else. Ownership is kept in a state file shared with the daemon.
 */
final class IpvsCommand implements Command {
    private static final String USAGE = "usage: fulcrum ipvs list [-n] [--stats|--rate] [--exact]\n"
            + "       fulcrum ipvs apply -f FILE [--id ID]\n"
            + "       fulcrum ipvs clear\n"
            + "  list    print the kernel table like ipvsadm -Ln (addresses are always numeric)\n"
            + "  apply   reconcile the file's virtual_server blocks once, every real server healthy;\n"
            + "          prints how many entries were added, updated and removed\n"
            + "  clear   remove the services Fulcrum owns (foreign services are left alone)\n"
            + "  state file: $FULCRUM_STATE_DIR/ipvs-applied (default /var/lib/fulcrum)\n";

    private final Supplier<IpvsClient> clients;
    private final Path stateDir;

    IpvsCommand() {
        this(IpvsClient::open, defaultStateDir());
    }

    IpvsCommand(Supplier<IpvsClient> clients, Path stateDir) {
        this.clients = clients;
        this.stateDir = stateDir;
    }

    static Path defaultStateDir() {
        String env = System.getenv("FULCRUM_STATE_DIR");
        return Path.of(System.getProperty("fulcrum.stateDir", env != null && !env.isEmpty() ? env : "/var/lib/fulcrum"));
    }

    @Override
    public String name() {
        return "ipvs";
    }

    @Override
    public String summary() {
        return "show or reconcile the kernel IPVS table";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, Set.of("-f", "--id"), Set.of("-n", "--stats", "--rate", "--exact")).atMostPositional(1);
        if (a.positional().isEmpty()) {
            throw new UsageException("missing subcommand (list, apply or clear)");
        }
        String sub = a.positional().get(0);
        try {
            return switch (sub) {
                case "list" -> list(a, out);
                case "apply" -> apply(a, out, err);
                case "clear" -> clear(a, out, err);
                default -> throw new UsageException("unknown subcommand '" + sub + "'");
            };
        } catch (IpvsUnavailableException e) {
            err.println("fulcrum ipvs: " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (NetlinkException e) {
            err.println("fulcrum ipvs " + sub + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    private static void only(Args a, String sub, Set<String> allowed) throws UsageException {
        for (String o : List.of("-f", "--id")) {
            if (a.value(o).isPresent() && !allowed.contains(o)) {
                throw new UsageException("option " + o + " does not apply to '" + sub + "'");
            }
        }
        for (String o : List.of("-n", "--stats", "--rate", "--exact")) {
            if (a.flag(o) && !allowed.contains(o)) {
                throw new UsageException("option " + o + " does not apply to '" + sub + "'");
            }
        }
    }

    private int list(Args a, PrintStream out) throws UsageException {
        only(a, "list", Set.of("-n", "--stats", "--rate", "--exact"));
        if (a.flag("--stats") && a.flag("--rate")) {
            throw new UsageException("--stats and --rate exclude each other");
        }
        IpvsadmFormat.Mode mode = a.flag("--stats") ? IpvsadmFormat.Mode.STATS : a.flag("--rate") ? IpvsadmFormat.Mode.RATE : IpvsadmFormat.Mode.CONNECTIONS;
        try (IpvsClient c = clients.get()) {
            out.print(IpvsadmFormat.list(c.table(), c.info(), mode, a.flag("--exact")));
        }
        return ExitCode.OK;
    }

    private AppliedServicesFile stateFile(String id) {
        return new AppliedServicesFile(stateDir.resolve(id == null ? "ipvs-applied" : "ipvs-applied-" + id));
    }

    private int apply(Args a, PrintStream out, PrintStream err) throws UsageException {
        only(a, "apply", Set.of("-f", "--id"));
        Path file = Path.of(a.required("-f"));
        if (!Files.isReadable(file)) {
            err.println("fulcrum ipvs apply: cannot read " + file);
            return ExitCode.FAILURE;
        }
        LoadOptions opts = a.value("--id").map(LoadOptions::forId).orElseGet(LoadOptions::defaults);
        ConfResult r = KeepalivedConf.load(file, opts);
        for (Diagnostic d : r.diagnostics()) {
            err.println(d);
        }
        if (r.hasErrors() || r.config().isEmpty()) {
            err.println("fulcrum ipvs apply: " + file + " has errors; nothing applied");
            return ExitCode.FAILURE;
        }
        KeepalivedConfig config = r.config().get();
        DesiredTable desired;
        try {
            desired = DesiredTableFromConfig.of(config);
        } catch (IllegalArgumentException e) {
            err.println("fulcrum ipvs apply: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        ReconcileOptions options = DesiredTableFromConfig.options(config, ReconcileOptions.DEFAULTS);
        try (IpvsClient c = clients.get();
             IpvsReconciler rec = new IpvsReconciler(c, stateFile(null), options, new SimpleMeterRegistry())) {
            rec.desired(desired);
            ReconcileReport rep = rec.reconcileOnce();
            for (OperationResult f : rep.failures()) {
                err.println("fulcrum ipvs apply: " + f.error().get().getMessage());
            }
            out.println("added " + rep.added() + ", updated " + rep.updated() + ", removed " + rep.removed()
                    + (rep.failed() > 0 ? ", failed " + rep.failed() : "")
                    + " (" + desired.services().size() + " services, " + desired.destinationCount() + " real servers)");
            return rep.failed() == 0 ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    private int clear(Args a, PrintStream out, PrintStream err) throws UsageException {
        only(a, "clear", Set.of());
        try (IpvsClient c = clients.get();
             IpvsReconciler rec = new IpvsReconciler(c, stateFile(null), ReconcileOptions.DEFAULTS, new SimpleMeterRegistry())) {
            ReconcileReport rep = rec.clear();
            for (OperationResult f : rep.failures()) {
                err.println("fulcrum ipvs clear: " + f.error().get().getMessage());
            }
            out.println("removed " + rep.removed() + " services" + (rep.failed() > 0 ? ", failed " + rep.failed() : ""));
            return rep.failed() == 0 ? ExitCode.OK : ExitCode.FAILURE;
        }
    }
}

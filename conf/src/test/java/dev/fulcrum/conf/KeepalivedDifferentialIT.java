package dev.fulcrum.conf;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real {@code keepalived -t} on every corpus config and requires it to agree with
 * {@code fulcrum check --strict} on valid versus invalid. keepalived -t exits non-zero on any warning
 * (rc 5), so the Fulcrum side of the comparison is "no diagnostic at all".
 *
 * <p>keepalived checks that interfaces exist, so each run happens in a fresh network namespace
 * ({@code unshare -n}) holding bridges named eth0..eth3: the result does not depend on the host.
 */
@Tag("netns")
class KeepalivedDifferentialIT {
    private static final String KEEPALIVED = KeepalivedBinary.PATH.toString();

    /**
     * Where we disagree on purpose. Each entry states the outcome both sides must still show, so a
     * change on either side is noticed.
     */
    record KnownDifference(boolean keepalivedValid, boolean fulcrumValid, String reason) {
    }

    static final Map<String, KnownDifference> EXCEPTIONS = Map.of(
            "valid/27-newer-keywords.conf", new KnownDifference(false, true,
                    "sni_name and FILE_CHECK dynamic are newer than keepalived 2.2.7, which reports them as unknown keywords; "
                            + "Fulcrum implements the current keyword set"),
            "broken/13-rs-without-port.conf", new KnownDifference(true, false,
                    "keepalived 2.2.7 accepts a real_server without port on a non-persistent, non-fwmark service (the "
                            + "destination gets port 0); man5 allows omitting the port only for persistent or fwmark services, so "
                            + "Fulcrum rejects it"),
            "broken/16-include-cycle.conf", new KnownDifference(true, false,
                    "keepalived 2.2.7 follows the include cycle until it runs out of file descriptors ('Too many open files') "
                            + "and still exits 0; Fulcrum reports the cycle"),
            "broken/18-bad-granularity.conf", new KnownDifference(true, false,
                    "keepalived 2.2.7 accepts a non-contiguous persistence_granularity (255.0.255.0); IPVS needs a netmask, "
                            + "so Fulcrum rejects it"),
            "broken/26-ssl-missing-file.conf", new KnownDifference(true, false,
                    "keepalived -t only parses the SSL block; the files are loaded when the checker process starts "
                            + "(init_ssl_ctx), and a file that does not load stops it there; Fulcrum loads them when it reads the configuration"),
            "broken/29-ssl-key-mismatch.conf", new KnownDifference(true, false,
                    "as for 26: a CA file without a certificate and a key that does not match the certificate pass keepalived -t "
                            + "and stop keepalived's checker process at start"));

    record Outcome(String name, boolean keepalivedValid, int rc, String keepalivedOutput, boolean fulcrumValid, String fulcrumOutput) {
    }

    @Test
    void keepalivedAndFulcrumAgreeOnTheCorpus() throws Exception {
        if (!KeepalivedBinary.installed()) {
            fail(KEEPALIVED + " is missing: the differential test needs the real keepalived (apt-get install keepalived)");
        }
        List<Path> files = new ArrayList<>();
        files.addAll(Corpus.files("valid"));
        files.addAll(Corpus.files("broken"));
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Path f : files) {
            futures.add(pool.submit(() -> compare(f)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> fu : futures) {
            outcomes.add(fu.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("keepalived differential: %d configs in %d ms%n", outcomes.size(), ms);
        List<String> disagreements = new ArrayList<>();
        int agreed = 0;
        for (Outcome o : outcomes) {
            KnownDifference ex = EXCEPTIONS.get(o.name());
            if (ex != null) {
                assertEquals(ex.keepalivedValid(), o.keepalivedValid(), o.name() + ": keepalived side of a documented exception changed: " + o.keepalivedOutput());
                assertEquals(ex.fulcrumValid(), o.fulcrumValid(), o.name() + ": fulcrum side of a documented exception changed: " + o.fulcrumOutput());
                continue;
            }
            if (o.keepalivedValid() != o.fulcrumValid()) {
                disagreements.add(o.name() + ": keepalived rc=" + o.rc() + (o.keepalivedOutput().isBlank() ? "" : "\n    " + o.keepalivedOutput().strip().replace("\n", "\n    "))
                        + "\n  fulcrum " + (o.fulcrumValid() ? "clean" : "\n    " + o.fulcrumOutput().replace("\n", "\n    ")));
            } else {
                agreed++;
            }
        }
        assertTrue(disagreements.isEmpty(), "keepalived -t and fulcrum check disagree:\n" + String.join("\n", disagreements));
        assertTrue(agreed >= 40, "most of the corpus is compared, not excused (" + agreed + ")");
        assertTrue(outcomes.stream().filter(o -> o.name().startsWith("valid/")).anyMatch(Outcome::keepalivedValid),
                "keepalived accepts the valid corpus, so the namespace setup works");
    }

    /**
     * {@code fulcrum dump} output is keepalived syntax: keepalived accepts the dump of every valid
     * corpus config (except where the config itself uses keywords newer than 2.2.7).
     */
    @Test
    void keepalivedAcceptsWhatDumpPrints(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        if (!KeepalivedBinary.installed()) {
            fail(KEEPALIVED + " is missing: the differential test needs the real keepalived (apt-get install keepalived)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> futures = new ArrayList<>();
        for (Path f : Corpus.files("valid")) {
            String name = "valid/" + f.getFileName();
            KnownDifference ex = EXCEPTIONS.get(name);
            if (ex != null && !ex.keepalivedValid()) {
                continue;
            }
            ConfResult r = KeepalivedConf.load(f, Corpus.options());
            Path dumped = Files.writeString(dir.resolve(f.getFileName()), KeepalivedWriter.write(r.config().orElseThrow()));
            futures.add(pool.submit(() -> {
                KeepalivedRun k = keepalived(dumped);
                return k.rc() == 0 ? null : name + " dumped: rc=" + k.rc() + "\n    " + k.output().strip().replace("\n", "\n    ");
            }));
        }
        List<String> rejected = new ArrayList<>();
        for (Future<String> fu : futures) {
            String problem = fu.get(60, TimeUnit.SECONDS);
            if (problem != null) {
                rejected.add(problem);
            }
        }
        pool.shutdown();
        assertTrue(futures.size() >= 25, "dumps compared: " + futures.size());
        assertTrue(rejected.isEmpty(), "keepalived -t rejects fulcrum dump output:\n" + String.join("\n", rejected));
    }

    record KeepalivedRun(int rc, String output) {
    }

    private static Outcome compare(Path file) throws IOException, InterruptedException {
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        ConfResult r = KeepalivedConf.load(file, Corpus.options());
        boolean fulcrumValid = r.diagnostics().isEmpty();
        KeepalivedRun k = keepalived(file);
        return new Outcome(name, k.rc() == 0, k.rc(), k.output(), fulcrumValid, ConfText.lines(r));
    }

    private static KeepalivedRun keepalived(Path file) throws IOException, InterruptedException {
        KeepalivedBinary.Run r = KeepalivedBinary.check(file, Corpus.ID);
        return new KeepalivedRun(r.rc(), r.output());
    }
}

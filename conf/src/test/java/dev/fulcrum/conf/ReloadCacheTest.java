package dev.fulcrum.conf;

import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.VirtualServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A load with a {@link ReloadCache} gives exactly what a load without one gives (model, diagnostics and
 * their order), whatever the previous load was; unchanged virtual servers come back as the same objects
 * and changed ones are built anew.
 */
class ReloadCacheTest {
    private static final LoadOptions OPTS = Corpus.options();

    /** Loads {@code text} with and without the cache and requires equal results; returns the cached one. */
    static ConfResult same(ReloadCache cache, Path file, String text, LoadOptions opts) {
        ConfResult cached = KeepalivedConf.parse(file, text, opts, cache);
        ConfResult plain = KeepalivedConf.parse(file, text, opts);
        assertEquals(ConfText.lines(plain), ConfText.lines(cached), () -> "diagnostics of\n" + text);
        assertEquals(plain.config(), cached.config(), () -> "model of\n" + text);
        return cached;
    }

    private static KeepalivedConfig valid(ReloadCache cache, String text) {
        ConfResult r = same(cache, ConfText.FILE, text, OPTS);
        assertTrue(r.config().isPresent(), () -> ConfText.lines(r));
        return r.config().get();
    }

    /** Service {@code i} with {@code rs} real servers and {@code extra} lines inside. */
    static String vs(int i, int rs, String... extra) {
        StringBuilder b = new StringBuilder("virtual_server 192.0.2." + (i + 1) + " 80 {\n delay_loop 60\n lb_algo rr\n lb_kind NAT\n protocol TCP\n");
        for (String e : extra) {
            b.append(' ').append(e).append('\n');
        }
        for (int r = 1; r <= rs; r++) {
            b.append(" real_server 198.51.100.").append(r).append(" 8080 {\n  weight 1\n  TCP_CHECK {\n   connect_timeout 3\n  }\n }\n");
        }
        return b.append("}\n").toString();
    }

    static String services(int n, int changed) {
        StringBuilder b = new StringBuilder("global_defs {\n router_id t\n}\n");
        for (int i = 0; i < n; i++) {
            b.append(vs(i, i == changed ? 5 : 4));
        }
        return b.toString();
    }

    static List<Path> corpus() {
        return StreamingLoadTest.corpus();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusFileReloadsAsWithoutCache(Path file) throws Exception {
        ReloadCache cache = new ReloadCache();
        ConfResult first = KeepalivedConf.load(file, OPTS, cache);
        ConfResult plain = KeepalivedConf.load(file, OPTS);
        assertEquals(ConfText.lines(plain), ConfText.lines(first));
        assertEquals(plain.config(), first.config());
        ConfResult again = KeepalivedConf.load(file, OPTS, cache);
        assertEquals(ConfText.lines(plain), ConfText.lines(again));
        assertEquals(plain.config(), again.config());
        if (first.config().isPresent()) {
            List<VirtualServer> a = first.config().get().virtualServers();
            List<VirtualServer> b = again.config().get().virtualServers();
            int identical = 0;
            for (int i = 0; i < a.size(); i++) {
                identical += a.get(i) == b.get(i) ? 1 : 0;
            }
            assertEquals(cache.reusedLastLoad(), identical, "every reused service is the object of the first load");
        }
    }

    @Test
    void unchangedServicesComeBackIdenticalAndChangedOnesAreNew() {
        ReloadCache cache = new ReloadCache();
        KeepalivedConfig a = valid(cache, services(20, -1));
        assertEquals(20, cache.size());
        assertEquals(0, cache.reusedLastLoad());
        KeepalivedConfig b = valid(cache, services(20, 7));
        assertEquals(19, cache.reusedLastLoad());
        for (int i = 0; i < 20; i++) {
            if (i == 7) {
                assertNotSame(a.virtualServers().get(i), b.virtualServers().get(i));
                assertEquals(5, b.virtualServers().get(i).realServers().size());
            } else {
                assertSame(a.virtualServers().get(i), b.virtualServers().get(i));
            }
        }
        // the entry for the old text of service 7 was not seen: dropped
        assertEquals(20, cache.size());
        KeepalivedConfig c = valid(cache, services(20, -1));
        assertNotSame(a.virtualServers().get(7), c.virtualServers().get(7));
        assertSame(b.virtualServers().get(8), c.virtualServers().get(8));
    }

    @Test
    void addedRemovedAndMovedBlocks() {
        ReloadCache cache = new ReloadCache();
        String x = vs(0, 2);
        String y = vs(1, 2);
        String z = vs(2, 2);
        KeepalivedConfig a = valid(cache, x + y + z);
        KeepalivedConfig moved = valid(cache, "\n\n" + z.replace("\n ", "\n\t  ") + x + "# comment\n" + y);
        assertSame(a.virtualServers().get(2), moved.virtualServers().get(0));
        assertSame(a.virtualServers().get(0), moved.virtualServers().get(1));
        assertSame(a.virtualServers().get(1), moved.virtualServers().get(2));
        KeepalivedConfig removed = valid(cache, x + z);
        assertEquals(2, removed.virtualServers().size());
        assertEquals(2, cache.size());
        String w = vs(3, 1);
        KeepalivedConfig added = valid(cache, x + w + z);
        assertSame(a.virtualServers().get(0), added.virtualServers().get(0));
        assertSame(a.virtualServers().get(2), added.virtualServers().get(2));
        assertEquals(2, cache.reusedLastLoad());
        // y was dropped when a load did not see it
        KeepalivedConfig back = valid(cache, x + y + z);
        assertNotSame(a.virtualServers().get(1), back.virtualServers().get(1));
    }

    @Test
    void changedGlobalDefaultsRebuildEveryService() {
        ReloadCache cache = new ReloadCache();
        String body = vs(0, 1) + vs(1, 1);
        KeepalivedConfig a = valid(cache, "global_defs {\n router_id t\n}\n" + body);
        KeepalivedConfig b = valid(cache, "global_defs {\n router_id t\n smtp_alert\n}\n" + body);
        assertNotSame(a.virtualServers().get(0), b.virtualServers().get(0));
        assertTrue(b.virtualServers().get(0).smtpAlert());
        KeepalivedConfig c = valid(cache, "global_defs {\n router_id t\n checker_log_all_failures\n smtp_alert\n}\n" + body);
        assertNotSame(b.virtualServers().get(1), c.virtualServers().get(1));
        // a global_defs after the services restarts the load in batch order: still equal, nothing kept
        KeepalivedConfig d = valid(cache, body + "global_defs {\n smtp_alert false\n}\n");
        assertEquals(0, cache.size());
        KeepalivedConfig e = valid(cache, "global_defs {\n router_id u\n}\n" + body);
        assertNotSame(d.virtualServers().get(0), e.virtualServers().get(0));
        assertEquals(2, cache.size());
        // other global settings do not reach a service: kept
        KeepalivedConfig f = valid(cache, "global_defs {\n router_id v\n}\n" + body);
        assertSame(e.virtualServers().get(0), f.virtualServers().get(0));
    }

    @Test
    void warningsAndErrorsAreReportedAgainAtTheirPositions() {
        ReloadCache cache = new ReloadCache();
        String x = vs(0, 1);
        String y = vs(1, 1);
        KeepalivedConfig a = valid(cache, x + y);
        // a warning in a block that was cached: rebuilt, the warning reported
        String warned = y.replace(" protocol TCP\n", " protocol TCP\n bogus_keyword 1\n");
        ConfResult r = same(cache, ConfText.FILE, x + warned, OPTS);
        assertTrue(r.hasWarnings());
        assertSame(a.virtualServers().get(0), r.config().orElseThrow().virtualServers().get(0));
        // a block with a warning is never remembered: reported again on the next load
        ConfResult again = same(cache, ConfText.FILE, "\n" + x + warned, OPTS);
        assertEquals(1, again.warnings().size());
        // duplicates of cached services: reported with the positions of this load
        ConfResult dup = same(cache, ConfText.FILE, x + "\n" + y + x, OPTS);
        assertTrue(dup.hasErrors());
        ConfResult dup2 = same(cache, ConfText.FILE, "\n\n" + x + y + y + x, OPTS);
        assertEquals(2, dup2.errors().size());
        // an error in a service leaves the others cached; fixing it is a rebuild
        same(cache, ConfText.FILE, x + y.replace("lb_algo rr", "lb_algo nope"), OPTS);
        KeepalivedConfig fixed = valid(cache, x + y);
        assertSame(a.virtualServers().get(0), fixed.virtualServers().get(0));
    }

    @Test
    void parameterAndConfigIdChangesReachTheBlockText() {
        ReloadCache cache = new ReloadCache();
        String text = "$W=1\n" + vs(0, 1) + vs(1, 1).replace("weight 1", "weight $W") + vs(2, 1).replace(" protocol TCP\n",
                " protocol TCP\n @lb1 delay_loop 5\n @^lb1 delay_loop 7\n");
        KeepalivedConfig a = valid(cache, text);
        KeepalivedConfig b = valid(cache, text.replace("$W=1", "$W=3"));
        assertSame(a.virtualServers().get(0), b.virtualServers().get(0));
        assertNotSame(a.virtualServers().get(1), b.virtualServers().get(1));
        assertEquals(3, b.virtualServers().get(1).realServers().get(0).weight());
        assertSame(a.virtualServers().get(2), b.virtualServers().get(2));
        ConfResult lb2 = same(cache, ConfText.FILE, text.replace("$W=1", "$W=3"), OPTS.withConfigId("lb2"));
        KeepalivedConfig c = lb2.config().orElseThrow();
        assertSame(b.virtualServers().get(1), c.virtualServers().get(1));
        assertNotSame(b.virtualServers().get(2), c.virtualServers().get(2));
        assertEquals(java.time.Duration.ofSeconds(7), c.virtualServers().get(2).delayLoop());
    }

    @Test
    void includedFilesAreReadAgain(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("keepalived.conf");
        Path inc = dir.resolve("svc.inc");
        Files.writeString(main, vs(0, 1) + "include svc.inc\n" + vs(1, 1).replace(" protocol TCP\n", " protocol TCP\n include rs.inc\n"));
        Files.writeString(inc, vs(2, 2));
        Files.writeString(dir.resolve("rs.inc"), "real_server 198.51.100.9 80 {\n}\n");
        ReloadCache cache = new ReloadCache();
        KeepalivedConfig a = loadSame(cache, main);
        Files.writeString(dir.resolve("rs.inc"), "real_server 198.51.100.10 80 {\n}\n");
        KeepalivedConfig b = loadSame(cache, main);
        assertSame(a.virtualServers().get(0), b.virtualServers().get(0));
        assertSame(a.virtualServers().get(1), b.virtualServers().get(1));
        assertNotSame(a.virtualServers().get(2), b.virtualServers().get(2));
        Files.writeString(inc, vs(2, 3));
        KeepalivedConfig c = loadSame(cache, main);
        assertNotSame(b.virtualServers().get(1), c.virtualServers().get(1));
        assertSame(b.virtualServers().get(2), c.virtualServers().get(2));
    }

    static KeepalivedConfig loadSame(ReloadCache cache, Path file) {
        ConfResult cached = KeepalivedConf.load(file, OPTS, cache);
        ConfResult plain = KeepalivedConf.load(file, OPTS);
        assertEquals(ConfText.lines(plain), ConfText.lines(cached));
        assertEquals(plain.config(), cached.config());
        return cached.config().orElseThrow(() -> new AssertionError(ConfText.lines(cached)));
    }

    @Test
    void quotesEscapesAndOddLayouts() {
        ReloadCache cache = new ReloadCache();
        List<String> blocks = List.of(
                vs(0, 0, "real_server 198.51.100.1 80 {\n  HTTP_GET {\n   url {\n    path \"/a}b{\"\n    digest 0123456789abcdef0123456789ABCDEF\n   }\n  }\n }"),
                vs(1, 0, "real_server 198.51.100.1 80 {\n  HTTP_GET {\n   url {\n    path '/x\\'}'\n    status_code 200\n   }\n  }\n }"),
                vs(2, 0, "real_server 198.51.100.1 80 {\n  HTTP_GET {\n   url {\n    path \"/\\c\"}\"\n   }\n  }\n }"),
                "virtual_server 192.0.2.40 80 { lb_algo rr lb_kind NAT protocol TCP real_server 198.51.100.1 80 { weight 2 } }\n",
                "virtual_server 192.0.2.41 80\n{\n lb_algo rr\n lb_kind NAT\n protocol TCP\n real_server 198.51.100.1 80 {\n }\n}\n",
                "virtual_server 192.0.2.42 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n real_server 198.51.100.1 80 {\n }\n} virtual_server 192.0.2.43 80 {\n"
                        + " protocol TCP\n real_server 198.51.100.1 80 {\n }\n}\n",
                "virtual_server{\n}\n",
                "virtual_server 192.0.2.44 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n real_server 198.51.100.1 80 {\n }\n}\n{\n}\n",
                "virtual_server_group G {\n 192.0.2.50 80\n}\nvirtual_server group G {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
                        + " real_server 198.51.100.1 80 {\n }\n}\n",
                vs(5, 1, "quorum_up \"/bin/true\""),
                vs(6, 1, "real_server 198.51.100.7 80 {\n  FILE_CHECK {\n   track_file f\n  }\n }"),
                "track_file f {\n file /tmp/x\n}\n");
        List<String> texts = new ArrayList<>();
        texts.add(String.join("", blocks));
        List<String> reversed = new ArrayList<>(blocks);
        java.util.Collections.reverse(reversed);
        texts.add(String.join("", reversed));
        texts.add(String.join("", blocks).replace("weight 2", "weight 3"));
        texts.add(String.join("", blocks) + "virtual_server 192.0.2.99 80 {\n protocol TCP\n");
        texts.add(String.join("", blocks).replace("}\n}\n", "}\n"));
        for (int round = 0; round < 2; round++) {
            for (String t : texts) {
                same(cache, ConfText.FILE, t, OPTS);
            }
        }
        same(cache, ConfText.FILE, texts.get(0), OPTS);
        same(cache, ConfText.FILE, texts.get(0), OPTS);
        // the three quoted blocks and the block before the stray "{"; not: the one-line block (warnings), the
        // block opened on the next line, the two sharing a line, the broken one, the group, script and
        // track_file ones
        assertEquals(4, cache.reusedLastLoad());
    }

    @Test
    void damagedCorpusReloadsAsWithoutCache() throws Exception {
        long seed = Long.getLong("fulcrum.fuzz.seed", System.nanoTime());
        System.out.println("ReloadCacheTest seed=" + seed);
        Random rnd = new Random(seed);
        List<Path> files = corpus();
        ReloadCache cache = new ReloadCache();
        for (int i = 0; i < 300; i++) {
            Path from = files.get(rnd.nextInt(files.size()));
            byte[] original = Files.readAllBytes(from);
            int n = i;
            try {
                same(cache, from, new String(original, StandardCharsets.UTF_8), OPTS);
                same(cache, from, new String(FuzzTest.mutate(original, rnd), StandardCharsets.UTF_8), OPTS);
                same(cache, from, new String(original, StandardCharsets.UTF_8), OPTS);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " iteration " + n + " from " + from.getFileName() + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void anSslOnlyChangeKeepsTheServicesAndReachesTheModel(@TempDir Path dir) throws Exception {
        Path ca = Files.copy(Corpus.dir("valid").resolve("30-ssl-client.d/ca.pem"), dir.resolve("ca.pem"));
        Path cert = Files.copy(Corpus.dir("valid").resolve("30-ssl-client.d/client.pem"), dir.resolve("client.pem"));
        Path key = Files.copy(Corpus.dir("valid").resolve("30-ssl-client.d/client-key.pem"), dir.resolve("client-key.pem"));
        ReloadCache cache = new ReloadCache();
        String base = services(3, -1);
        KeepalivedConfig none = valid(cache, base);
        assertEquals(dev.fulcrum.conf.model.SslClientSettings.NONE, none.ssl());

        KeepalivedConfig withCa = valid(cache, base + "SSL {\n ca " + ca + "\n}\n");
        assertEquals(3, cache.reusedLastLoad(), "the services did not change");
        for (int i = 0; i < 3; i++) {
            assertSame(none.virtualServers().get(i), withCa.virtualServers().get(i));
        }
        assertTrue(withCa.ssl().ca().isPresent());
        assertTrue(!withCa.equals(none), "an SSL-only change is a changed configuration");

        String full = base + "SSL {\n password corpus-pass\n ca " + ca + "\n certificate " + cert + "\n key " + key + "\n}\n";
        KeepalivedConfig withCert = valid(cache, full);
        assertTrue(withCert.ssl().presentsCertificate());
        assertTrue(!withCert.ssl().equals(withCa.ssl()));

        // the same text over a renewed file: keepalived reads the files again on reload, and so does the cache
        Files.copy(Corpus.dir("valid").resolve("30-ssl-client.d/client.pem"), ca, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        KeepalivedConfig renewed = valid(cache, full);
        assertTrue(!renewed.ssl().equals(withCert.ssl()), "a changed file under the same name is a changed SSL block");
        assertSame(withCert.virtualServers().get(0), renewed.virtualServers().get(0));

        KeepalivedConfig removed = valid(cache, base);
        assertEquals(none, removed);
    }

    @Test
    void oneLoadAtATime() {
        ReloadCache cache = new ReloadCache();
        cache.beginLoad();
        assertThrows(IllegalStateException.class, () -> KeepalivedConf.parse(ConfText.FILE, vs(0, 1), OPTS, cache));
        cache.endLoad();
        valid(cache, vs(0, 1));
        cache.clear();
        assertEquals(0, cache.size());
    }
}

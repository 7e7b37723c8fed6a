package dev.fulcrum.conf;

import dev.fulcrum.conf.model.KeepalivedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cheapest reuse of a {@link ReloadCache}: a {@code virtual_server} block whose stretch of the file is
 * character for character the one it stood in last time is taken before the preprocessor cuts it into
 * lines. Every load here is also made without the cache and must give the same model and the same
 * diagnostics at the same positions; the counters show which path each block took.
 */
class WholeBlockReuseTest {
    private static final LoadOptions OPTS = ConfText.opts();

    private static ConfResult same(ReloadCache cache, String text) {
        return ReloadCacheTest.same(cache, ConfText.FILE, text, OPTS);
    }

    private static String vs(int i, String... extra) {
        StringBuilder b = new StringBuilder("virtual_server 192.0.2." + (i + 1) + " 80 {\n    delay_loop 60\n    lb_algo rr   # round robin\n"
                + "\n    lb_kind NAT\n    protocol TCP\n");
        for (String e : extra) {
            b.append("    ").append(e).append('\n');
        }
        for (int r = 1; r <= 2; r++) {
            b.append("    real_server 198.51.100.").append(r).append(" 8080 {\n        weight 1\n        inhibit_on_failure\n"
                    + "        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n");
        }
        return b.append("}\n").toString();
    }

    private static String config(String... blocks) {
        return "global_defs {\n router_id t\n}\n" + String.join("", blocks);
    }

    @Test
    void unchangedStretchesAreTakenWholeAndChangedOnesAreBuilt() {
        ReloadCache cache = new ReloadCache();
        KeepalivedConfig first = same(cache, config(vs(0), vs(1), vs(2), vs(3))).config().orElseThrow();
        assertEquals(0, cache.takenWholeLastLoad());
        KeepalivedConfig second = same(cache, config(vs(0), vs(1, "persistence_timeout 30"), vs(2), vs(3))).config().orElseThrow();
        assertEquals(3, cache.takenWholeLastLoad(), "three blocks stand as they stood, lines starting with 'i' included");
        assertEquals(3, cache.reusedLastLoad());
        assertSame(first.virtualServers().get(0), second.virtualServers().get(0));
        assertNotSame(first.virtualServers().get(1), second.virtualServers().get(1));
        assertSame(first.virtualServers().get(3), second.virtualServers().get(3));
        // moved blocks are found again where they now stand, and the changed one is taken whole next time
        KeepalivedConfig third = same(cache, config(vs(3), vs(1, "persistence_timeout 30"), vs(0), vs(2))).config().orElseThrow();
        assertEquals(4, cache.takenWholeLastLoad());
        assertSame(second.virtualServers().get(1), third.virtualServers().get(1));
    }

    @Test
    void indentationOrACommentChangeFallsBackToTheLinesAndStillReuses() {
        ReloadCache cache = new ReloadCache();
        same(cache, config(vs(0), vs(1), vs(2)));
        String reindented = vs(1).replace("    lb_kind NAT", "\tlb_kind NAT");
        String recommented = vs(2).replace("# round robin", "# rr");
        same(cache, config(vs(0), reindented, recommented));
        assertEquals(3, cache.reusedLastLoad(), "the same lines after preprocessing");
        assertEquals(1, cache.takenWholeLastLoad());
        same(cache, config(vs(0), reindented, recommented));
        assertEquals(3, cache.takenWholeLastLoad());
    }

    @Test
    void positionsAfterBlocksTakenWholeAreExact() {
        ReloadCache cache = new ReloadCache();
        String text = config(vs(0), vs(1), "no_such_keyword 1\n", vs(2), "virtual_server 192.0.2.9 80 {\n    lb_kind BOGUS\n}\n");
        ConfResult a = same(cache, text);
        ConfResult b = same(cache, text);
        assertEquals(3, cache.takenWholeLastLoad());
        assertEquals(ConfText.lines(a), ConfText.lines(b));
        assertTrue(ConfText.lines(b).contains("test.conf:" + (text.substring(0, text.indexOf("no_such_keyword")).split("\n", -1).length) + ":"),
                () -> ConfText.lines(b));
    }

    @Test
    void stretchesThatWereNotPlainAreNeverTakenWhole() {
        ReloadCache cache = new ReloadCache();
        String longComment = "    # " + "x".repeat(1100);
        String tooLong = vs(0, longComment);
        String conditional = vs(1, "@other persistence_timeout 30");
        String param = "$W=3\n" + vs(2, "persistence_timeout $W");
        String text = config(tooLong, conditional, param, vs(3));
        for (int i = 0; i < 3; i++) {
            ConfResult r = same(cache, text);
            assertTrue(ConfText.lines(r).contains("line too long"), () -> ConfText.lines(r));
        }
        assertEquals(1, cache.takenWholeLastLoad(), "only the plain block");
        // (a line too long is an error; without it the configuration is valid)
        text = config(vs(0), conditional, param, vs(3));
        same(cache, text);
        same(cache, text);
        assertEquals(2, cache.takenWholeLastLoad());
        // the dropped conditional line counts once the config id selects it
        LoadOptions other = new LoadOptions("other", Map.of(), 42);
        KeepalivedConfig sel = ReloadCacheTest.same(cache, ConfText.FILE, text, other).config().orElseThrow();
        assertEquals(30L, sel.virtualServers().get(1).persistence().map(p -> p.timeout().toSeconds()).orElseThrow());
        // a changed parameter reaches its block
        KeepalivedConfig w = ReloadCacheTest.same(cache, ConfText.FILE, text.replace("$W=3", "$W=7"), OPTS).config().orElseThrow();
        assertEquals(7L, w.virtualServers().get(2).persistence().map(p -> p.timeout().toSeconds()).orElseThrow());
    }

    @Test
    void crlfFilesAndAMissingLastLineBreak() {
        ReloadCache cache = new ReloadCache();
        String crlf = config(vs(0), vs(1)).replace("\n", "\r\n");
        same(cache, crlf);
        same(cache, crlf);
        assertEquals(2, cache.takenWholeLastLoad());
        String open = config(vs(0), vs(1));
        open = open.substring(0, open.length() - 1);
        same(cache, open);
        same(cache, open);
        assertEquals(1, cache.takenWholeLastLoad(), "the last block has no line break after its brace");
    }

    @Test
    void includedFilesAreComparedAsTheyAreReadAgain(@TempDir Path dir) throws Exception {
        ReloadCache cache = new ReloadCache();
        Path main = dir.resolve("keepalived.conf");
        Path part = dir.resolve("services.conf");
        Files.writeString(main, "global_defs {\n router_id t\n}\ninclude services.conf\n" + vs(5));
        Files.writeString(part, vs(0) + vs(1));
        ReloadCacheTest.loadSame(cache, main);
        ReloadCacheTest.loadSame(cache, main);
        assertEquals(3, cache.takenWholeLastLoad());
        Files.writeString(part, vs(0) + vs(1, "persistence_timeout 30"));
        KeepalivedConfig c = ReloadCacheTest.loadSame(cache, main);
        assertEquals(2, cache.takenWholeLastLoad());
        assertEquals(30L, c.virtualServers().get(1).persistence().map(p -> p.timeout().toSeconds()).orElseThrow());
    }
}

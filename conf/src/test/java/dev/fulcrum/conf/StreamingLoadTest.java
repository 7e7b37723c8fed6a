package dev.fulcrum.conf;

import dev.fulcrum.conf.model.Checker;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.VirtualServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streamed load (each top-level block built as it closes) must give exactly what the batch load
 * (whole tree first) gives: the same model and the same diagnostics in the same order, including ties at
 * one position (blocks sharing a line through parameters or ~SEQ), virtual servers before the
 * global_defs or virtual_server_group they depend on, and damaged input.
 */
class StreamingLoadTest {
    /** Cases where the streamed order differs from the batch order. */
    static final List<String> CASES = List.of(
            // a later global_defs changes defaults an early virtual server used: the load restarts in batch
            "virtual_server 192.0.2.1 80 {\n lvs_sched rr\n protocol TCP\n real_server 198.51.100.1 80 {\n  TCP_CHECK {\n  }\n }\n}\n"
                    + "global_defs {\n checker_log_all_failures\n smtp_alert\n}\n"
                    + "virtual_server 192.0.2.2 80 {\n real_server 198.51.100.1 80 {\n  notify_up /bin/true\n  TCP_CHECK {\n  }\n }\n}\n",
            // group services wait for their group; FILE_CHECK references and the first script in batch order
            "virtual_server group G1 {\n lvs_sched rr\n protocol TCP\n quorum_up \"/bin/echo up\"\n real_server 198.51.100.1 80 {\n"
                    + "  FILE_CHECK {\n   track_file nope\n  }\n }\n}\n"
                    + "virtual_server 192.0.2.1 80 {\n real_server 198.51.100.1 80 {\n  FILE_CHECK {\n   track_file nope2\n  }\n }\n}\n"
                    + "virtual_server group G1 {\n protocol TCP\n real_server 198.51.100.2 80 {\n }\n}\n"
                    + "virtual_server_group G1 {\n 192.0.2.5 80\n fwmark 3\n}\n"
                    + "virtual_server group G2 {\n real_server 198.51.100.3 {\n }\n}\n"
                    + "vrrp_script chk {\n script \"/bin/true\"\n}\n"
                    + "vrrp_instance VI {\n state BACKUP\n interface eth0\n virtual_router_id 5\n priority 100\n"
                    + " notify_master \"/bin/echo m\"\n virtual_ipaddress {\n  192.0.2.50/24\n }\n}\n",
            // several blocks on one line, all at one position
            "$VS=virtual_server 192.0.2.9 80 { lvs_sched xx } virtual_server 192.0.2.9 80 { bogus_kw } vrrp_instance X { bogus {\n"
                    + "$VS\n}\n"
                    + "~SEQ(i, 1, 3) virtual_server 192.0.2.$i 81 { lvs_method NAT real_server 198.51.100.1 81 { notify_up /x } }\n"
                    + "virtual_server 192.0.2.20 82\n{\n protocol TCP\n real_server 198.51.100.1 82\n {\n }\n}\n"
                    + "global_defs\n{\n router_id a\n}\n"
                    + "virtual_server fwmark 5 { protocol TCP real_server 198.51.100.1 { weight 0 } } "
                    + "global_defs { checker_log_all_failures } virtual_server fwmark 5 { }\n",
            "$BLOCK=virtual_server 192.0.2.30 80 { \\\n protocol TCP \\\n real_server 198.51.100.1 80 { notify_down /y } \\\n } \\\n"
                    + " vrrp_script s { script /z } \\\n virtual_server 192.0.2.30 80 { unknown_x }\n$BLOCK\n$BLOCK\n",
            // a keyword whose block opens on the next line, at the end of the file and before another block
            "global_defs\n{\n smtp_alert\n}\nvirtual_server 192.0.2.1 80\n{\n protocol TCP\n real_server 198.51.100.1 80 {\n }\n}\n"
                    + "global_defs\n", "virtual_server 192.0.2.1 80\n");

    static List<Path> corpus() {
        List<Path> files = new ArrayList<>(Corpus.files("valid"));
        files.addAll(Corpus.files("broken"));
        return files;
    }

    private static void assertSame(Path file, String text) {
        ConfResult streamed = KeepalivedConf.parse(file, text, Corpus.options());
        ConfResult batch = KeepalivedConf.parseBatch(file, text, Corpus.options());
        assertEquals(ConfText.lines(batch), ConfText.lines(streamed), () -> "diagnostics of\n" + text);
        assertEquals(batch.config(), streamed.config(), () -> "model of\n" + text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusFileLoadsAsInBatch(Path file) throws Exception {
        assertSame(file, Files.readString(file));
    }

    @Test
    void blocksInAnotherOrderLoadAsInBatch() {
        for (String text : CASES) {
            assertSame(ConfText.FILE, text);
        }
    }

    @Test
    void laterGlobalDefaultsReachEarlierServices() {
        KeepalivedConfig c = ConfText.valid(CASES.get(0).replace(" notify_up /bin/true\n", ""));
        VirtualServer first = c.virtualServers().get(0);
        assertTrue(first.smtpAlert() && first.realServers().get(0).smtpAlert());
        Checker.TcpCheck check = (Checker.TcpCheck) first.realServers().get(0).checkers().get(0);
        assertTrue(check.checkerTiming().logAllFailures());
    }

    @Test
    void damagedCorpusLoadsAsInBatch() throws Exception {
        long seed = Long.getLong("fulcrum.fuzz.seed", System.nanoTime());
        System.out.println("StreamingLoadTest seed=" + seed);
        Random rnd = new Random(seed);
        List<Path> files = corpus();
        for (int i = 0; i < 400; i++) {
            Path from = files.get(rnd.nextInt(files.size()));
            byte[] b = FuzzTest.mutate(Files.readAllBytes(from), rnd);
            int n = i;
            try {
                assertSame(from.resolveSibling("fuzz-" + i + ".conf"), new String(b, StandardCharsets.UTF_8));
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " iteration " + n + " from " + from.getFileName() + ": " + e.getMessage(), e);
            }
        }
    }
}

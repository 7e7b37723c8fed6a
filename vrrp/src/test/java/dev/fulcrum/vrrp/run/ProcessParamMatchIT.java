package dev.fulcrum.vrrp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.vrrp.spec.ConfAdapter;
import dev.fulcrum.vrrp.spec.TrackProcessSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code param_match} end to end against real processes: keepalived.conf text goes through the conf parser
 * and the adapter, and the {@code /proc} scanner counts {@code sleep N}, {@code sleep N1} (N's digits and
 * one more) and {@code sleep N 7}, where N is a number no other process on the host has. keepalived counts
 * 1 of them with exact matching, 2 with {@code partial}, 3 with {@code initial}.
 */
class ProcessParamMatchIT {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatWeStarted() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts argv and waits (bounded) until the kernel shows exactly that cmdline, i.e. the exec is done. */
    private Process start(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        started.add(p);
        StringBuilder want = new StringBuilder();
        for (String a : argv) {
            want.append(a).append('\0');
        }
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(cmdline) && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contentEquals(want)) {
                return p;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("pid " + p.pid() + " never showed cmdline " + List.of(argv));
    }

    private static Map<String, TrackProcessSpec> specs(String blocks, String... names) {
        String text = blocks + "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n"
                + " track_process {\n  " + String.join("\n  ", names) + "\n }\n virtual_ipaddress {\n  192.0.2.50/24\n }\n}\n";
        ConfResult r = KeepalivedConf.parse(Path.of("it.conf"), text, LoadOptions.defaults());
        assertFalse(r.hasErrors(), () -> r.errors().toString());
        return ConfAdapter.adapt(r.config().orElseThrow()).trackProcesses();
    }

    private static Map<String, Integer> counts(Map<String, TrackProcessSpec> specs) {
        Map<TrackProcessSpec, List<TrackerFeed>> feeds = new LinkedHashMap<>();
        specs.values().forEach(s -> feeds.put(s, List.of()));
        Map<String, Integer> out = new LinkedHashMap<>();
        try (ProcessTracker t = new ProcessTracker(feeds)) { // scans once; its thread is never started
            specs.forEach((name, s) -> out.put(name, t.count(s)));
        }
        return out;
    }

    @Test
    void eachModeCountsWhatKeepalivedCounts() throws Exception {
        String n = Integer.toString(ThreadLocalRandom.current().nextInt(500_000, 900_000));
        Map<String, TrackProcessSpec> specs = specs("""
                vrrp_track_process exact {
                  process sleep %1$s
                }
                vrrp_track_process exact_kw {
                  process sleep %1$s
                  param_match
                }
                vrrp_track_process partial {
                  process sleep %1$s
                  param_match partial
                }
                vrrp_track_process initial {
                  process sleep %1$s
                  param_match initial
                }
                vrrp_track_process two {
                  process sleep %1$s 7
                  param_match partial
                }
                vrrp_track_process path {
                  process /bin/sleep %1$s
                  param_match initial
                }
                """.formatted(n), "exact", "exact_kw", "partial", "initial", "two", "path");
        Map<String, Integer> none = counts(specs);
        assertTrue(none.values().stream().allMatch(c -> c == 0), "nothing runs yet: " + none);

        start("sleep", n);
        start("sleep", n + "1");
        start("sleep", n, "7");
        Map<String, Integer> c = counts(specs);
        assertEquals(1, c.get("exact"), c::toString);
        assertEquals(1, c.get("exact_kw"), c::toString);
        assertEquals(2, c.get("partial"), "sleep N and sleep N 7, not sleep N1: " + c);
        assertEquals(3, c.get("initial"), "N is a prefix of N1: " + c);
        assertEquals(1, c.get("two"), c::toString);
        assertEquals(0, c.get("path"), "param_match turns full_command on: argv[0] is 'sleep', not '/bin/sleep': " + c);

        started.remove(0).destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        Map<String, Integer> after = counts(specs);
        assertEquals(0, after.get("exact"), after::toString);
        assertEquals(1, after.get("partial"), after::toString);
        assertEquals(2, after.get("initial"), after::toString);
    }

    @Test
    void aQuotedArgumentWithSpacesIsOneArgument() throws Exception {
        String n = Integer.toString(ThreadLocalRandom.current().nextInt(500_000, 900_000));
        String script = "read x; : param match " + n;
        Map<String, TrackProcessSpec> specs = specs("""
                vrrp_track_process quoted {
                  process sh -c "%1$s"
                }
                vrrp_track_process split {
                  process sh -c %1$s
                }
                """.formatted(script), "quoted", "split");
        // a builtin: the shell itself waits on its stdin pipe, no child process
        start("sh", "-c", script);
        Map<String, Integer> c = counts(specs);
        assertEquals(1, c.get("quoted"), c::toString);
        assertEquals(0, c.get("split"), "unquoted, the words are separate arguments: " + c);
    }
}

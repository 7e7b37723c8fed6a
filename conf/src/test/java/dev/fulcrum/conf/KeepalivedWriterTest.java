package dev.fulcrum.conf;

import dev.fulcrum.conf.model.KeepalivedConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeepalivedWriterTest {
    private static KeepalivedConfig roundTrip(String text) {
        KeepalivedConfig first = ConfText.valid(text);
        String dump = KeepalivedWriter.write(first);
        ConfResult again = KeepalivedConf.parse(Path.of("dump.conf"), dump, ConfText.opts());
        assertEquals(first, again.config().orElseThrow(() -> new AssertionError(ConfText.lines(again) + "\n" + dump)));
        return first;
    }

    @Test
    void awkwardStringsSurviveTheRoundTrip() {
        KeepalivedConfig c = roundTrip(ConfText.instance("VI_1",
                " notify_master \"/bin/echo \\\"quoted\\\" # not a comment ! nor this {brace} \\\\ back\"",
                " notify_backup '/bin/echo tab\\there'"));
        assertEquals("/bin/echo \"quoted\" # not a comment ! nor this {brace} \\ back",
                c.vrrpInstances().get(0).notifications().master().orElseThrow().command());
        assertEquals("/bin/echo tab\there", c.vrrpInstances().get(0).notifications().backup().orElseThrow().command());
    }

    @Test
    void vrrpSchedulingSurvivesTheRoundTrip() {
        KeepalivedConfig c = roundTrip("global_defs {\n vrrp_rt_priority 30\n vrrp_no_swap\n vrrp_priority -7\n}\n");
        assertEquals(30, c.globalDefs().vrrpRtPriority().getAsInt());
        assertEquals(-7, c.globalDefs().vrrpNice().getAsInt());
        assertEquals(true, c.globalDefs().vrrpNoSwap());
    }

    @Test
    void wordsAreQuotedOnlyWhenNeeded() {
        assertEquals("plain", KeepalivedWriter.word("plain"));
        assertEquals("\"two words\"", KeepalivedWriter.word("two words"));
        assertEquals("\"a#b\"", KeepalivedWriter.word("a#b"));
        assertEquals("\"\"", KeepalivedWriter.word(""));
    }

    @Test
    void durationsPrintAsSeconds() {
        assertEquals("0.5", KeepalivedWriter.secs(java.time.Duration.ofMillis(500)));
        assertEquals("60", KeepalivedWriter.secs(java.time.Duration.ofMinutes(1)));
        assertEquals("0.000001", KeepalivedWriter.secs(java.time.Duration.ofNanos(1000)));
    }

    @Test
    void ipv6IsWrittenCompressed() {
        String dump = KeepalivedWriter.write(roundTrip(ConfText.instance("V6").replace("192.0.2.50/24", "2001:db8:0:0::50/64")));
        assertTrue(dump.contains("2001:db8::50/64 dev eth0"), dump);
    }

    @Test
    void regexSettingsSurviveTheRoundTrip() {
        String text = "virtual_server 192.0.2.50 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n real_server 198.51.100.1 80 {\n"
                + "  HTTP_GET {\n   url {\n    path /s\n    regex \"a b#c\"\n    regex_no_match\n    regex_options extended firstline\n"
                + "    regex_min_offset 3\n    regex_max_offset 700\n    regex_stack 1 2\n   }\n  }\n }\n}\n";
        String dump = KeepalivedWriter.write(roundTrip(text));
        assertTrue(dump.contains("regex_options extended firstline\n"), dump);
        assertTrue(dump.contains("regex_min_offset 3\n"), dump);
        assertTrue(dump.contains("regex_max_offset 700\n"), dump);
        assertTrue(dump.contains("regex_stack 1 2\n"), dump);
        assertEquals(dump, KeepalivedWriter.write(ConfText.valid(dump)));
    }
}

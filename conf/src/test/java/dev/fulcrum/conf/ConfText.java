package dev.fulcrum.conf;

import dev.fulcrum.conf.model.KeepalivedConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** Test fixture: load configuration text and read its diagnostics as text lines. */
public final class ConfText {
    public static final Path FILE = Path.of("/nonexistent/test.conf");

    private ConfText() {
    }

    public static LoadOptions opts() {
        return new LoadOptions("lb1", Map.of("FULCRUM_TEST_VAR", "from-env"), 42);
    }

    public static ConfResult load(String text) {
        return KeepalivedConf.parse(FILE, text, opts());
    }

    /** Loads and fails the test (listing every diagnostic) when there is an error. */
    public static KeepalivedConfig valid(String text) {
        ConfResult r = load(text);
        if (r.config().isEmpty()) {
            fail("expected a valid configuration, got:\n" + lines(r));
        }
        return r.config().get();
    }

    /** Loads, requires no diagnostic at all. */
    public static KeepalivedConfig clean(String text) {
        ConfResult r = load(text);
        assertFalse(r.config().isEmpty() || !r.diagnostics().isEmpty(), () -> "expected no diagnostics, got:\n" + lines(r));
        return r.config().get();
    }

    public static String lines(ConfResult r) {
        return r.diagnostics().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
    }

    public static List<String> messages(ConfResult r) {
        return r.diagnostics().stream().map(d -> d.severity().label() + ": " + d.message()).toList();
    }

    /** A minimal clean instance block with the given extra lines inside. */
    public static String instance(String name, String... extra) {
        return "vrrp_instance " + name + " {\n state BACKUP\n interface eth0\n virtual_router_id 51\n priority 100\n"
                + " advert_int 1\n virtual_ipaddress {\n  192.0.2.50/24 dev eth0\n }\n" + String.join("\n", extra) + "\n}\n";
    }

    /** A minimal clean virtual server with one TCP_CHECKed real server, plus extra lines inside. */
    public static String service(String... extra) {
        return "virtual_server 192.0.2.50 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n" + String.join("\n", extra)
                + "\n real_server 198.51.100.1 80 {\n  TCP_CHECK {\n  }\n }\n}\n";
    }
}

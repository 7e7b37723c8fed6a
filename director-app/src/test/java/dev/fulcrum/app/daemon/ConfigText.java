package dev.fulcrum.app.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.ReloadCache;
import dev.fulcrum.conf.model.KeepalivedConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A keepalived.conf written from text and loaded as the daemon loads it (as lb1, through a reload cache), so
 * that a test's reload hands the edges back the same objects for unchanged blocks, as a real reload does.
 */
final class ConfigText {
    private ConfigText() {
    }

    static KeepalivedConfig load(Path dir, ReloadCache cache, String text) throws Exception {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), text);
        ConfResult r = KeepalivedConf.load(f, LoadOptions.forId("lb1"), cache);
        assertTrue(r.config().isPresent(), r.diagnostics().toString());
        return r.config().get();
    }
}

package dev.fulcrum.vrrp.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fulcrum.vrrp.machine.VrrpState;
import dev.fulcrum.vrrp.spec.NotifySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyScriptsTest {
    @TempDir
    Path dir;

    @Test
    void runsStateScriptThenGenericNotifyInTransitionOrder() throws Exception {
        Path out = dir.resolve("out");
        NotifySpec spec = new NotifySpec("echo master-script >> " + out, null, "echo fault-script >> " + out, null,
                "sleep 0.05; echo >> " + out, null);
        try (NotifyScripts n = new NotifyScripts("INSTANCE", "VI_1", spec, 2000)) {
            n.notify(VrrpState.MASTER, 150);
            n.notify(VrrpState.BACKUP, 150);
            n.notify(VrrpState.FAULT, 150);
        }
        // "notify" gets "INSTANCE name STATE priority" appended; the echo prints them
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(out) && Files.readAllLines(out).size() == 5);
        assertEquals(List.of("master-script", "INSTANCE VI_1 MASTER 150", "INSTANCE VI_1 BACKUP 150", "fault-script",
                "INSTANCE VI_1 FAULT 150"), Files.readAllLines(out));
    }

    @Test
    void timeoutKillsAHangingScript() throws Exception {
        NotifySpec spec = new NotifySpec("sleep 30", null, null, null, null, null);
        long t0 = System.nanoTime();
        try (NotifyScripts n = new NotifyScripts("INSTANCE", "VI_1", spec, 200)) {
            n.notify(VrrpState.MASTER, 100);
            n.notify(VrrpState.MASTER, 100);
        }
        // both runs were cut at their timeout instead of taking 60 s
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        assertEquals(true, ms < 5_000, "took " + ms + " ms");
    }

    @Test
    void scriptSecurityRefusesAWorldWritableNotifyScript() throws Exception {
        Path out = dir.resolve("out");
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho ran >> " + out + "\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        NotifySpec spec = new NotifySpec(script.toString(), null, null, null, null, null);
        try (NotifyScripts n = new NotifyScripts("INSTANCE", "VI_1", spec, 2000, true, null)) {
            n.notify(VrrpState.MASTER, 100);
        }
        assertEquals(false, Files.exists(out), "refused");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (NotifyScripts n = new NotifyScripts("INSTANCE", "VI_1", spec, 2000, true, null)) {
            n.notify(VrrpState.MASTER, 100);
        }
        assertEquals(List.of("ran"), Files.readAllLines(out));
    }
}

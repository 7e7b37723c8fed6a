package dev.fulcrum.vrrp.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fulcrum.vrrp.spec.ScriptSpec;
import dev.fulcrum.vrrp.spec.TrackFileSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vrrp_script hysteresis, track_file following and script security, with real files and /bin/sh. */
class TrackerThreadsTest {
    @TempDir
    Path dir;

    @Test
    void scriptNeedsFallFailuresAndRiseSuccesses() throws Exception {
        Path flag = dir.resolve("ok");
        Files.writeString(flag, "");
        List<Long> readings = new CopyOnWriteArrayList<>();
        ScriptSpec spec = new ScriptSpec("chk", "test -f " + flag, 20, 1000, 3, 2, 0, false, null, false);
        try (ScriptTracker t = new ScriptTracker(spec, List.of(readings::add), null)) {
            assertEquals(1, t.initialReading());
            t.start();
            Thread.sleep(200);
            assertEquals(List.of(), readings, "no change while the script keeps succeeding");
            Files.delete(flag);
            await().atMost(Duration.ofSeconds(5)).until(() -> readings.equals(List.of(0L)));
            Files.writeString(flag, "");
            await().atMost(Duration.ofSeconds(5)).until(() -> readings.equals(List.of(0L, 1L)));
        }
    }

    @Test
    void scriptTimeoutCountsAsFailure() throws Exception {
        List<Long> readings = new CopyOnWriteArrayList<>();
        ScriptSpec spec = new ScriptSpec("slow", "sleep 5", 50, 50, 1, 1, 0, false, null, false);
        try (ScriptTracker t = new ScriptTracker(spec, List.of(readings::add), null)) {
            t.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> readings.equals(List.of(0L)));
        }
    }

    @Test
    void trackFileFollowsTheValue() throws Exception {
        Path f = dir.resolve("maint");
        Files.writeString(f, "0\n");
        List<Long> readings = new CopyOnWriteArrayList<>();
        try (FileTracker t = new FileTracker(new TrackFileSpec("maint", f.toString(), 1, false), List.of(readings::add))) {
            assertEquals(0, t.initialReading());
            t.start();
            Files.writeString(f, "-50\n");
            await().atMost(Duration.ofSeconds(3)).until(() -> readings.equals(List.of(-50L)));
            Files.delete(f);
            await().atMost(Duration.ofSeconds(3)).until(() -> readings.equals(List.of(-50L, 0L)));
        }
    }

    @Test
    void scriptSecurityRefusesWritableScripts() throws Exception {
        Path s = dir.resolve("chk.sh");
        Files.writeString(s, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNull(ScriptTracker.insecurity(s + " arg"));
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNotNull(ScriptTracker.insecurity(s.toString()));
    }
}

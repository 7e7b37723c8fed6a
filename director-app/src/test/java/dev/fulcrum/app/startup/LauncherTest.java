package dev.fulcrum.app.startup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.lab.LabPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher (packaging/src/bin/fulcrum) run by the system's sh, with a stand-in {@code java}
 * first on PATH that prints its arguments: which JVM profile a configuration gets, and when the
 * class-data-sharing archive is written or mapped.
 */
class LauncherTest {
    static final Path LAUNCHER = LabPaths.projectDir().resolve("packaging/src/bin/fulcrum");
    @TempDir
    Path dir;
    Path jar;

    @BeforeEach
    void fakeJava() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.writeString(dir.resolve("fulcrum.jar"), "not a jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    String launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("FULCRUM_JAR", jar.toString());
        pb.environment().put("FULCRUM_CDS", dir.resolve("state/fulcrum.jsa").toString());
        pb.environment().remove("FULCRUM_JAVA_OPTS");
        pb.environment().remove("FULCRUM_HEAP");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    Path conf(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, text);
    }

    @Test
    void fastAdvertsInAnIncludedFileGetTheSoakProfileAndOthersTheSmallOne() throws Exception {
        conf("conf.d/slow.conf", "vrrp_instance A {\n  advert_int 1\n}\n");
        Path main = conf("main.conf", "global_defs {\n}\ninclude conf.d/*.conf\n");
        String small = launch(Map.of(), "run", "-f", main.toString());
        assertTrue(small.contains("-Xms16m") && !small.contains("AlwaysPreTouch"), small);
        conf("conf.d/fast.conf", "vrrp_instance B {\n  @lb1 advert_int 0.02\n}\n");
        String soak = launch(Map.of(), "run", "-f", main.toString());
        assertTrue(soak.contains("-Xmn384m -XX:+AlwaysPreTouch"), soak);
        assertTrue(launch(Map.of(), "run", "--id", "lb2", "-f", main.toString()).contains("AlwaysPreTouch"), "an @id line counts either way");
        Path tenth = conf("tenth.conf", "vrrp_instance C {\n  advert_int 0.1\n}\n");
        assertFalse(launch(Map.of(), "run", "-f", tenth.toString()).contains("AlwaysPreTouch"), "0.1 s is not fast");
        assertTrue(launch(Map.of("FULCRUM_HEAP", "soak"), "run", "-f", tenth.toString()).contains("AlwaysPreTouch"));
        assertTrue(launch(Map.of("FULCRUM_JAVA_OPTS", "-Xmx64m"), "run", "-f", main.toString()).startsWith("-Xmx64m -jar "), "no state directory: no archive");
        assertTrue(launch(Map.of(), "status").startsWith("-XX:+UseSerialGC -Xms16m"), "other commands get the small profile and no archive");
    }

    @Test
    void theArchiveIsWrittenFirstAndMappedWhileNewerThanTheJar() throws Exception {
        Path c = conf("k.conf", "vrrp_instance A {\n}\n");
        Files.createDirectories(dir.resolve("state"));
        assertTrue(launch(Map.of(), "run", "-f", c.toString()).contains("-XX:ArchiveClassesAtExit=" + dir.resolve("state/fulcrum.jsa")));
        Path jsa = Files.writeString(dir.resolve("state/fulcrum.jsa"), "archive");
        assertTrue(launch(Map.of(), "run", "-f", c.toString()).contains("-XX:SharedArchiveFile=" + jsa + " -Xshare:auto"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertTrue(launch(Map.of(), "run", "-f", c.toString()).contains("-XX:ArchiveClassesAtExit="), "an upgraded jar makes a new archive");
        assertFalse(Files.exists(jsa), "the stale archive is removed");
    }
}

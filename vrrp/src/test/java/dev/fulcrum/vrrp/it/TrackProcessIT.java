package dev.fulcrum.vrrp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.vrrp.it.NetnsLab.Fulcrum;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code vrrp_track_process} against real processes: the master tracks a {@code sleep N} with weight −60,
 * so losing it drops its priority below the backup's and the backup preempts; starting it again gives the
 * priority back and the master preempts in turn.
 */
@Tag("netns")
class TrackProcessIT {
    static final Duration SHORT = Duration.ofSeconds(10);
    /** JVM start (512 MB pre-touched heap) on a host that other jobs may saturate. */
    static final Duration START = Duration.ofSeconds(40);
    NetnsLab lab;
    Process tracked;

    @BeforeEach
    void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        lab = new NetnsLab("h4tp");
    }

    @AfterEach
    void down() throws Exception {
        if (tracked != null) {
            tracked.destroyForcibly();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void losingTheTrackedProcessHandsTheVipOverAndItsReturnTakesItBack() throws Exception {
        // an argument no other process on the host has
        String arg = Integer.toString(ThreadLocalRandom.current().nextInt(500_000, 900_000));
        tracked = new ProcessBuilder("sleep", arg).start();
        Fulcrum lb1 = lab.fulcrum("lb1", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "150",
                "--track-process", "sleep " + arg, "--track-weight", "-60");
        lb1.awaitLine("Entering MASTER STATE", START);
        assertTrue(lb1.count("Track process proc: 1 running, quorum reached") == 1, "initial scan");
        Fulcrum lb2 = lab.fulcrum("lb2", "--advert-cs", "10", "--vip", "10.99.0.50/24", "--prio", "100");
        lb2.awaitLine("Entering BACKUP STATE \\(init\\)", START);
        Thread.sleep(500);
        assertTrue(lb2.find("Entering MASTER").isEmpty());

        tracked.destroy();
        tracked.waitFor(5, TimeUnit.SECONDS);
        lb1.awaitLine("Track process proc: 0 running, quorum lost", SHORT);
        lb1.awaitLine("Changing effective priority from 150 to 90", SHORT);
        lb2.awaitLine("Entering MASTER STATE", SHORT);
        lb1.awaitNth("Entering BACKUP STATE", 2, SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> lab.hasVip("lb2") && !lab.hasVip("lb1")));

        tracked = new ProcessBuilder(List.of("sleep", arg)).start();
        lb1.awaitNth("Track process proc: 1 running, quorum reached", 2, SHORT);
        lb1.awaitLine("Changing effective priority from 90 to 150", SHORT);
        lb1.awaitNth("Entering MASTER STATE", 2, SHORT);
        assertTrue(NetnsLab.await(SHORT, () -> lab.hasVip("lb1") && !lab.hasVip("lb2")));
    }
}

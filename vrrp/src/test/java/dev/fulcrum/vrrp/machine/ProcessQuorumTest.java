package dev.fulcrum.vrrp.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.vrrp.spec.TrackProcessSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessQuorumTest {
    static final long MS = 1_000_000L;

    @Test
    void withoutDelaysEveryChangeIsReportedAtOnce() {
        ProcessQuorum q = new ProcessQuorum(true, 1, 0, 0);
        assertEquals(-1, q.observe(1, true, 0));
        assertEquals(0, q.observe(0, false, 10 * MS));
        assertEquals(-1, q.observe(0, false, 20 * MS));
        assertEquals(1, q.observe(1, true, 30 * MS));
    }

    @Test
    void terminateDelayHidesAQuickRestartAndReportsALastingLoss() {
        ProcessQuorum q = new ProcessQuorum(true, 1, 0, 500 * MS);
        assertEquals(-1, q.observe(0, false, 0), "the process just died: wait");
        assertEquals(0 * MS + 500 * MS, q.deadline());
        assertEquals(-1, q.observe(1, true, 200 * MS), "restarted within the delay: nothing happened");
        assertEquals(Long.MAX_VALUE, q.deadline());
        assertEquals(-1, q.observe(0, false, 300 * MS));
        assertEquals(-1, q.poll(799 * MS));
        assertEquals(0, q.poll(800 * MS), "gone for the whole delay");
        assertFalse(q.reported());
    }

    @Test
    void forkDelayAppliesWhenTheCountRises() {
        ProcessQuorum q = new ProcessQuorum(false, 0, 1000 * MS, 0);
        assertEquals(-1, q.observe(1, true, 0));
        assertEquals(-1, q.observe(1, true, 999 * MS));
        assertEquals(1, q.observe(1, true, 1000 * MS));
        assertTrue(q.reported());
    }

    @Test
    void quorumAndQuorumMax() {
        TrackProcessSpec two = new TrackProcessSpec("t", "nginx", List.of(), false, 0, false, 2, 3, 0, 0);
        assertFalse(two.satisfied(1));
        assertTrue(two.satisfied(2));
        assertTrue(two.satisfied(3));
        assertFalse(two.satisfied(4));
        TrackProcessSpec none = new TrackProcessSpec("t", "nginx", List.of(), false, 0, false, 1, 0, 0, 0);
        assertTrue(none.satisfied(0), "quorum_max 0: up only while nothing runs");
        assertFalse(none.satisfied(1));
        TrackProcessSpec open = new TrackProcessSpec("t", "nginx", List.of(), false, 0, false, 1, -1, 0, 0);
        assertTrue(open.satisfied(1000));
    }

    @Test
    void matchingByCommBasenameFullPathAndArguments() {
        TrackProcessSpec sshd = new TrackProcessSpec("t", "sshd", List.of(), false, 0, false, 1, -1, 0, 0);
        assertTrue(sshd.matches("sshd", List.of("/usr/sbin/sshd", "-D")));
        assertTrue(sshd.matches("sshd", List.of()), "kernel-style: comm only");
        assertTrue(sshd.matches("x", List.of("sshd: root@pts/0")) == false);
        TrackProcessSpec full = new TrackProcessSpec("t", "/usr/sbin/sshd", List.of(), true, 0, false, 1, -1, 0, 0);
        assertTrue(full.matches("sshd", List.of("/usr/sbin/sshd", "-D")));
        assertFalse(full.matches("sshd", List.of("sshd", "-D")));
        TrackProcessSpec args = new TrackProcessSpec("t", "sleep", List.of("4201"), false, 0, false, 1, -1, 0, 0);
        assertTrue(args.matches("sleep", List.of("sleep", "4201")));
        assertFalse(args.matches("sleep", List.of("sleep", "4202")));
        assertFalse(args.matches("sleep", List.of("sleep", "4201", "x")));
        TrackProcessSpec longName = new TrackProcessSpec("t", "a-very-long-daemon-name", List.of(), false, 0, false, 1, -1, 0, 0);
        assertTrue(longName.matches("a-very-long-dae", List.of("python3", "x.py")), "comm holds the first 15 bytes");
    }
}

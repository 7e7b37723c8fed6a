package dev.fulcrum.vrrp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * global_defs {@code vrrp_rt_priority} and {@code vrrp_priority} checked where they take effect: a
 * director JVM loads a keepalived.conf in a lab namespace and the kernel's view of its threads
 * (/proc/PID/task/TID/stat) must show the configured nice value on every thread and SCHED_RR at the
 * configured priority on the VRRP loop; the system property still overrides the config.
 */
@Tag("netns")
class SchedulingIT {
    static final String CONF = """
            global_defs {
              router_id probe
              vrrp_rt_priority 33
              vrrp_priority -5
            }
            vrrp_instance VI_1 {
              state BACKUP
              interface eth0
              virtual_router_id 51
              priority 100
              advert_int 1
              virtual_ipaddress {
                10.99.0.50/24 dev eth0
              }
            }
            """;
    static final int SCHED_OTHER = 0;
    static final int SCHED_RR = 2;
    NetnsLab lab;

    record Task(String comm, int nice, int policy, int rtPriority) {
    }

    @BeforeEach
    void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        lab = new NetnsLab("hAsc");
    }

    @AfterEach
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    List<Task> probe(String name, String... jvmArgs) throws Exception {
        Path conf = lab.dir.resolve(name + ".conf");
        Files.writeString(conf, CONF);
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx128m"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SchedulingProbe.class.getName(),
                conf.toString()));
        Process p = lab.start("lb1", name, cmd);
        NetnsLab.LogView log = new NetnsLab.LogView(lab.dir.resolve(name + ".log"), 0);
        log.awaitLine("PROBE DONE", NetnsLab.START);
        p.waitFor();
        List<Task> tasks = new ArrayList<>();
        for (String l : log.lines()) {
            if (l.startsWith("THREAD ")) {
                String[] f = l.split(" ");
                tasks.add(new Task(f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])));
            }
        }
        assertFalse(tasks.isEmpty(), () -> "no thread list in " + log.log);
        return tasks;
    }

    static Task thread(List<Task> tasks, String comm) {
        return tasks.stream().filter(t -> t.comm().equals(comm)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + comm + " in " + tasks));
    }

    @Test
    void configuredNiceAndRealtimePriorityReachTheKernel() throws Exception {
        List<Task> tasks = probe("sched");
        for (Task t : tasks) {
            assertEquals(-5, t.nice(), () -> "vrrp_priority -5 on every thread: " + t);
        }
        Task loop = thread(tasks, "vrrp-loop-VI_1");
        assertEquals(SCHED_RR, loop.policy(), loop::toString);
        assertEquals(33, loop.rtPriority(), loop::toString);
        Task rx = thread(tasks, "vrrp-rx-VI_1");
        assertEquals(SCHED_RR, rx.policy(), rx::toString);
        assertEquals(33, rx.rtPriority(), rx::toString);
        Task vm = thread(tasks, "VM_Thread");
        assertEquals(SCHED_RR, vm.policy(), vm::toString);
        assertEquals(32, vm.rtPriority(), "JVM safepoint thread one below the VRRP threads");
        assertEquals(SCHED_OTHER, thread(tasks, "Finalizer").policy(), "other JVM threads keep normal scheduling");
        assertTrue(tasks.stream().anyMatch(t -> t.comm().equals("probe-late")), "a thread started later is listed");
    }

    @Test
    void thePropertyOverridesTheConfig() throws Exception {
        List<Task> tasks = probe("override", "-Dfulcrum.vrrp.rtPriority=0");
        Task loop = thread(tasks, "vrrp-loop-VI_1");
        assertEquals(SCHED_OTHER, loop.policy(), "fulcrum.vrrp.rtPriority=0 wins over vrrp_rt_priority 33");
        assertEquals(-5, loop.nice());
    }
}

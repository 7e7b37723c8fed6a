package dev.fulcrum.net.ip;

import static dev.fulcrum.net.ip.SocketCalls.LIBC;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Moves the calling thread to SCHED_RR, as keepalived's {@code vrrp_rt_priority} does for its VRRP
 * process: a 20 ms advert timer must fire on time even when every core is busy with normal-priority
 * work. Per thread, not per process, so GC and application threads keep their normal priority.
 */
public final class RealtimeScheduling {
    private static final int SCHED_RR = 2;

    private RealtimeScheduling() {
    }

    /**
     * @param priority 1..99
     * @return null on success, else the reason (e.g. not permitted without CAP_SYS_NICE)
     */
    public static String promoteCurrentThread(int priority) {
        byte[] param = SocketCalls.le32(priority);
        if (LIBC.sched_setscheduler(0, SCHED_RR, param) < 0) {
            return LIBC.strerror(SocketCalls.errno());
        }
        return null;
    }

    /**
     * Moves this process's threads whose name matches to SCHED_RR. Used for the JVM's safepoint/GC
     * thread: a real-time timer thread that must stop at a safepoint waits for that thread, and if it
     * is starved by normal-priority load the timer is late however high its own priority is.
     *
     * @return the names of the threads promoted
     */
    public static List<String> promoteThreads(Predicate<String> name, int priority) {
        List<String> done = new ArrayList<>();
        byte[] param = SocketCalls.le32(priority);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String comm;
                try {
                    comm = Files.readString(t.resolve("comm")).trim();
                } catch (IOException e) {
                    continue; // thread ended
                }
                if (name.test(comm) && LIBC.sched_setscheduler(Integer.parseInt(t.getFileName().toString()), SCHED_RR,
                        param) == 0) {
                    done.add(comm);
                }
            }
        } catch (IOException e) {
            return done;
        }
        return done;
    }
}

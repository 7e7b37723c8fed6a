package dev.fulcrum.net.ip;

import static dev.fulcrum.net.ip.SocketCalls.LIBC;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets the nice value of every thread of this process, as keepalived's {@code vrrp_priority} does for
 * its VRRP process. On Linux a nice value belongs to a thread, not to the process, and a new thread
 * takes its creator's: so each existing task in /proc/self/task is set, and threads started afterwards
 * by any of them inherit the value. Used so that the JVM's normal-priority threads (GC workers reaching
 * a safepoint, the allocation path) are not starved by ordinary processes while real-time VRRP threads
 * wait on them.
 */
public final class ThreadNice {
    private static final int PRIO_PROCESS = 0;
    private static final int ESRCH = 3;

    private ThreadNice() {
    }

    /**
     * @param nice -20..19 (below the current value needs CAP_SYS_NICE)
     * @return null on success, else the reason for the first thread that could not be changed
     */
    public static String applyToAllThreads(int nice) {
        if (nice < -20 || nice > 19) {
            return "nice value " + nice + " outside -20..19";
        }
        // twice: a thread started during the first pass by a thread not yet changed is caught by the second
        for (int pass = 0; pass < 2; pass++) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path t : tasks) {
                    int tid = Integer.parseInt(t.getFileName().toString());
                    if (LIBC.setpriority(PRIO_PROCESS, tid, nice) < 0) {
                        int e = SocketCalls.errno();
                        if (e != ESRCH) { // ESRCH: the thread ended meanwhile
                            return "setpriority(" + tid + ", " + nice + "): " + LIBC.strerror(e) + " (errno " + e + ")";
                        }
                    }
                }
            } catch (IOException e) {
                return "/proc/self/task: " + e.getMessage();
            }
        }
        return null;
    }
}

package dev.fulcrum.net.ip;

import static dev.fulcrum.net.ip.SocketCalls.LIBC;

/**
 * Locks the process's pages in RAM ({@code mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)}), as
 * keepalived's {@code vrrp_no_swap} does: a VRRP timer path must not wait for a page to come back from
 * swap, nor for a code page of the JVM that the kernel dropped under memory pressure to be read again
 * from disk. {@code MCL_ONFAULT} (Linux 4.4+) locks pages as they are touched instead of faulting in
 * every mapping first (a JVM maps hundreds of MB it never reads, e.g. the module image); kernels
 * without it get plain {@code MCL_CURRENT | MCL_FUTURE}.
 */
public final class MemoryLock {
    private static final int MCL_CURRENT = 1;
    private static final int MCL_FUTURE = 2;
    private static final int MCL_ONFAULT = 4;
    private static final int EINVAL = 22;

    private MemoryLock() {
    }

    /** @return null on success, else the reason (e.g. RLIMIT_MEMLOCK without CAP_IPC_LOCK) */
    public static String lockAll() {
        if (LIBC.mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0) {
            return null;
        }
        int e = SocketCalls.errno();
        if (e == EINVAL && LIBC.mlockall(MCL_CURRENT | MCL_FUTURE) == 0) {
            return null;
        }
        e = SocketCalls.errno();
        return "mlockall: " + LIBC.strerror(e) + " (errno " + e + ")";
    }
}

package dev.fulcrum.net.libc;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;

/**
 * The libc calls Fulcrum needs, bound once through jnr-ffi. This interface is the only place in the
 * project that names a libc symbol; everything above it deals in typed sockets and exceptions.
 * Methods are append-only: add what a new socket type needs, never change a signature in use.
 */
public interface LibC {
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] addr, int addrlen);

    @SaveError
    int connect(int fd, @In byte[] addr, int addrlen);

    @SaveError
    int close(int fd);

    @SaveError
    long send(int fd, @In byte[] buf, long len, int flags);

    @SaveError
    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);

    @SaveError
    long recv(int fd, @Out byte[] buf, long len, int flags);

    @SaveError
    long recvfrom(int fd, @Out byte[] buf, long len, int flags, @Out byte[] addr, IntByReference addrlen);

    @SaveError
    long sendmsg(int fd, Pointer msghdr, int flags);

    @SaveError
    long recvmsg(int fd, Pointer msghdr, int flags);

    @SaveError
    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    @SaveError
    int getsockopt(int fd, int level, int optname, @Out byte[] optval, IntByReference optlen);

    @SaveError
    int getsockname(int fd, @Out byte[] addr, IntByReference addrlen);

    @SaveError
    int poll(@In @Out byte[] fds, long nfds, int timeoutMs);

    @SaveError
    int if_nametoindex(String ifname);

    String strerror(int errnum);

    int getpid();

    /**
     * Receives up to {@code vlen} datagrams in one call ({@code struct mmsghdr[vlen]}, 64 bytes each on
     * x86_64); the netlink batch path reads many acks per system call with it.
     */
    @SaveError
    int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout);

    /** Scheduling policy of a task; pid 0 = the calling thread. param = struct sched_param {int priority}. */
    @SaveError
    int sched_setscheduler(int pid, int policy, @In byte[] param);

    /** Locks the process's pages in RAM; flags MCL_CURRENT 1 | MCL_FUTURE 2 (keepalived's vrrp_no_swap). */
    @SaveError
    int mlockall(int flags);

    /**
     * Sets a nice value (-20..19). On Linux {@code which} = PRIO_PROCESS (0) with a thread id sets that
     * one thread's value (keepalived's {@code vrrp_priority} goes through the same call).
     */
    @SaveError
    int setpriority(int which, int who, int prio);

    /** Opens a file; used for namespace files ({@code /run/netns/NAME}) handed to {@link #setns}. */
    @SaveError
    int open(String path, int flags);

    /**
     * Moves the calling thread into the namespace {@code fd} refers to ({@code nstype} CLONE_NEWNET
     * 0x40000000 checks that it is a network namespace). Sockets belong to the namespace of the thread
     * that created them.
     */
    @SaveError
    int setns(int fd, int nstype);

    /** Sends a signal to a process: what a benchmark uses to signal a daemon without forking kill(1). */
    @SaveError
    int kill(int pid, int sig);
}

package dev.fulcrum.net.ns;

import dev.fulcrum.net.libc.LibC;
import java.io.IOException;
import java.nio.file.Path;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/**
 * A named network namespace (what {@code ip netns add NAME} leaves under {@code /run/netns}) that one
 * thread can enter. A socket belongs to the namespace of the thread that created it, and threads inherit
 * the namespace of the thread that started them, so one thread moved into a namespace opens sockets there
 * while the rest of the JVM stays where it was. That is what keepalived's {@code net_namespace} does for a
 * whole process, and what the netns tests use to run checkers inside lab namespaces without a second JVM.
 *
 * @param name the namespace's name, a file name under {@code /run/netns}
 */
public record NetNamespace(String name) {
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    public NetNamespace {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a namespace name: " + name);
        }
    }

    /** The file that pins the namespace. */
    public Path file() {
        return Path.of("/run/netns", name);
    }

    /** Moves the calling thread (and the threads it starts from now on) into this namespace. Needs CAP_SYS_ADMIN. */
    public void enterOnThisThread() throws IOException {
        LibC libc = LibC.INSTANCE;
        int fd = libc.open(file().toString(), O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open " + file() + ": " + libc.strerror(LastError.getLastError(Runtime.getSystemRuntime())));
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) < 0) {
                throw new IOException("setns " + name + ": " + libc.strerror(LastError.getLastError(Runtime.getSystemRuntime())));
            }
        } finally {
            libc.close(fd);
        }
    }
}

package dev.fulcrum.net.ip;

import dev.fulcrum.net.libc.LibC;
import java.io.IOException;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/**
 * The libc plumbing shared by the raw IP and packet sockets: errno capture, option setting and a
 * bounded wait for readability, so a receive thread can notice a close within one poll period.
 */
public final class SocketCalls {
    static final LibC LIBC = LibC.INSTANCE;
    private static final short POLLIN = 1;
    private static final int EINTR = 4;

    private SocketCalls() {
    }

    static int errno() {
        return LastError.getLastError(Runtime.getSystemRuntime());
    }

    static IOException error(String what) {
        int e = errno();
        return new IpSocketException(what + ": " + LIBC.strerror(e), e);
    }

    static void setInt(int fd, int level, int option, int value, String name) throws IOException {
        byte[] v = le32(value);
        if (LIBC.setsockopt(fd, level, option, v, 4) < 0) {
            throw error("setsockopt(" + name + ")");
        }
    }

    static void setBytes(int fd, int level, int option, byte[] value, String name) throws IOException {
        if (LIBC.setsockopt(fd, level, option, value, value.length) < 0) {
            throw error("setsockopt(" + name + ")");
        }
    }

    /** @return true if readable, false on timeout or EINTR */
    static boolean awaitReadable(int fd, int timeoutMs) throws IOException {
        byte[] pfd = new byte[8];
        System.arraycopy(le32(fd), 0, pfd, 0, 4);
        pfd[4] = (byte) POLLIN;
        int n = LIBC.poll(pfd, 1, timeoutMs);
        if (n < 0) {
            if (errno() == EINTR) {
                return false;
            }
            throw error("poll");
        }
        return n > 0;
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}

package dev.fulcrum.net.ip;

import static dev.fulcrum.net.ip.SocketCalls.LIBC;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * What the raw IPv4 and IPv6 sockets share: one protocol on one interface ({@code SO_BINDTODEVICE}),
 * non-blocking sends, a receive that waits with {@code poll} so that {@link #close()} from another thread
 * ends a blocked receive within its poll period, and idempotent close. The families differ in what they
 * send (whole packets vs. payloads) and how they receive (plain recv vs. recvmsg with ancillary data).
 */
public abstract sealed class RawIpSocket implements AutoCloseable permits RawIpv4Socket, RawIpv6Socket {
    static final int SOCK_RAW = 3;
    static final int SOL_SOCKET = 1;
    static final int SO_BINDTODEVICE = 25;
    static final int MSG_DONTWAIT = 0x40;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    final int fd;
    final int ifindex;
    final String ifname;
    volatile boolean closed;

    RawIpSocket(int fd, String ifname, int ifindex) {
        this.fd = fd;
        this.ifname = ifname;
        this.ifindex = ifindex;
    }

    /** A raw socket of {@code family}/{@code protocol} bound to {@code ifname}: {fd, ifindex}. */
    static int[] openBound(int family, int protocol, String ifname) throws IOException {
        int ifindex = LIBC.if_nametoindex(ifname);
        if (ifindex <= 0) {
            throw SocketCalls.error("if_nametoindex(" + ifname + ")");
        }
        int fd = LIBC.socket(family, SOCK_RAW, protocol);
        if (fd < 0) {
            throw SocketCalls.error("socket(" + (family == 2 ? "AF_INET" : "AF_INET6") + ", SOCK_RAW, " + protocol + ")");
        }
        try {
            SocketCalls.setBytes(fd, SOL_SOCKET, SO_BINDTODEVICE, (ifname + "\0").getBytes(StandardCharsets.US_ASCII),
                    "SO_BINDTODEVICE");
        } catch (IOException e) {
            LIBC.close(fd);
            throw e;
        }
        return new int[] {fd, ifindex};
    }

    public int ifindex() {
        return ifindex;
    }

    public String ifname() {
        return ifname;
    }

    /** Sends {@code bytes} to the socket address {@code sockaddr} without blocking. */
    final void sendTo(byte[] bytes, byte[] sockaddr, InetAddress destination) throws IOException {
        long n = LIBC.sendto(fd, bytes, bytes.length, MSG_DONTWAIT, sockaddr, sockaddr.length);
        if (n < 0) {
            throw SocketCalls.error("sendto(" + destination.getHostAddress() + " via " + ifname + ")");
        }
    }

    /** Waits up to {@code timeoutMs} for data; false on timeout or once closed. */
    final boolean awaitData(int timeoutMs) throws IOException {
        return !closed && SocketCalls.awaitReadable(fd, timeoutMs) && !closed;
    }

    /**
     * After a failed receive: null when it only means "nothing now" (EAGAIN, EINTR, or closed meanwhile),
     * otherwise the exception to throw.
     */
    final IpSocketException receiveError(String call) {
        int e = SocketCalls.errno();
        if (e == EAGAIN || e == EINTR || closed) {
            return null;
        }
        return new IpSocketException(call + " on " + ifname + ": " + LIBC.strerror(e), e);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LIBC.close(fd);
        }
    }
}

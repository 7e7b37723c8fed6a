package dev.fulcrum.net.icmp;

import dev.fulcrum.net.libc.LibC;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

/**
 * An ICMP echo socket of one address family ({@link IcmpFamily}), because the JDK offers no way to send
 * a ping without a thread per request. It prefers the unprivileged ping socket ({@code SOCK_DGRAM} with
 * IPPROTO_ICMP or IPPROTO_ICMPV6, allowed for both families by {@code net.ipv4.ping_group_range}) and
 * falls back to a raw socket when running with CAP_NET_RAW. With a ping socket the kernel owns the echo
 * identifier, so replies are matched by sequence number; with a raw socket every ICMP packet arrives
 * and the identifier filters them (a raw ICMPv6 socket also gets a kernel filter that passes only echo
 * replies, so neighbour discovery does not wake the reader).
 */
public final class IcmpEchoSocket implements AutoCloseable {
    private static final int SOCK_RAW = 3;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private static final int SO_MARK = 36;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int ICMP6_FILTER = 1;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EBADF = 9;
    private static final int EFAULT = 14;
    private static final int EINVAL = 22;
    private static final int ENOTSOCK = 88;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;
    /** Linux IFNAMSIZ less the terminating NUL. */
    private static final int MAX_IFNAME = 15;

    /** One echo reply: who answered, and the identifier and sequence number it carried. */
    public record EchoReply(InetAddress from, int id, int sequence) {
    }

    private final LibC libc = LibC.INSTANCE;
    private final IcmpFamily family;
    private final int fd;
    private final boolean raw;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private IcmpEchoSocket(IcmpFamily family, int fd, boolean raw) {
        this.family = family;
        this.fd = fd;
        this.raw = raw;
    }

    /** Opens an IPv4 ping socket, or a raw socket if ping sockets are not permitted for this process. */
    public static IcmpEchoSocket open() throws IOException {
        return open(IcmpFamily.IPV4);
    }

    /** Opens a ping socket of {@code family}, or a raw socket if ping sockets are not permitted. */
    public static IcmpEchoSocket open(IcmpFamily family) throws IOException {
        LibC libc = LibC.INSTANCE;
        int fd = libc.socket(family.domain(), SOCK_DGRAM, family.protocol());
        if (fd >= 0) {
            return new IcmpEchoSocket(family, fd, false);
        }
        int dgramErr = LastError.getLastError(Runtime.getSystemRuntime());
        fd = libc.socket(family.domain(), SOCK_RAW, family.protocol());
        if (fd >= 0) {
            IcmpEchoSocket s = new IcmpEchoSocket(family, fd, true);
            if (family == IcmpFamily.IPV6) {
                try {
                    s.passOnly(family.echoReplyType());
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
            }
            return s;
        }
        int rawErr = LastError.getLastError(Runtime.getSystemRuntime());
        throw new IOException("cannot open an " + (family == IcmpFamily.IPV6 ? "ICMPv6" : "ICMP") + " socket: ping socket: "
                + libc.strerror(dgramErr) + " (see net.ipv4.ping_group_range), raw socket: " + libc.strerror(rawErr));
    }

    public IcmpFamily family() {
        return family;
    }

    /** True for a raw socket (identifier chosen by us), false for a kernel ping socket. */
    public boolean raw() {
        return raw;
    }

    /** Sets SO_MARK on outgoing echoes (needs CAP_NET_ADMIN). */
    public void mark(int mark) throws IOException {
        byte[] v = le32(mark);
        if (libc.setsockopt(fd, SOL_SOCKET, SO_MARK, v, 4) < 0) {
            throw error("setsockopt(SO_MARK)");
        }
    }

    /**
     * Binds the socket to one interface (SO_BINDTODEVICE): echoes leave through it whatever the routes
     * say, only replies that arrive on it are read, and a link-local IPv6 target without a scope id is
     * reached on it. Fails with "No such device" for an interface that does not exist.
     */
    public void bindToDevice(String ifname) throws IOException {
        byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > MAX_IFNAME) {
            throw new IllegalArgumentException("not an interface name: " + ifname);
        }
        byte[] v = new byte[name.length + 1]; // NUL-terminated
        System.arraycopy(name, 0, v, 0, name.length);
        if (libc.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, v, v.length) < 0) {
            throw error("setsockopt(SO_BINDTODEVICE " + ifname + ")");
        }
    }

    /**
     * Binds the socket to a local source address: echoes leave from it. Fails with "Cannot assign requested
     * address" (EADDRNOTAVAIL) for an address this host does not have; an IPv6 link-local one needs its scope.
     */
    public void bind(InetAddress source) throws IOException {
        byte[] addr = family.sockaddr(source);
        if (libc.bind(fd, addr, addr.length) < 0) {
            throw error("bind " + source.getHostAddress());
        }
    }

    /** Sends one echo request; {@code to} must be of this socket's family. */
    public void sendEcho(InetAddress to, int id, int sequence, byte[] payload) throws IOException {
        byte[] addr = family.sockaddr(to);
        byte[] pkt = family.echoRequest(id, sequence, payload);
        if (libc.sendto(fd, pkt, pkt.length, MSG_DONTWAIT, addr, addr.length) < 0) {
            throw error("sendto " + to.getHostAddress());
        }
    }

    /**
     * Waits up to {@code timeoutMs} for one echo reply. Returns empty on timeout, when the packet read
     * was not an echo reply (a raw socket sees every ICMP message), or when the socket reported an ICMP
     * error about an earlier echo: replies are matched by sequence number, so the caller's timeout
     * decides, as for an echo lost on the way.
     */
    public Optional<EchoReply> receive(int timeoutMs) throws IOException {
        byte[] pfd = new byte[8];
        System.arraycopy(le32(fd), 0, pfd, 0, 4);
        pfd[4] = (byte) POLLIN;
        int n = libc.poll(pfd, 1, timeoutMs);
        if (n < 0) {
            int err = LastError.getLastError(Runtime.getSystemRuntime());
            if (err == EINTR) {
                return Optional.empty();
            }
            throw new IOException("poll: " + libc.strerror(err));
        }
        if (n == 0 || closed.get()) {
            return Optional.empty();
        }
        byte[] buf = new byte[1500];
        byte[] from = new byte[family.sockaddrLength()];
        IntByReference fromLen = new IntByReference(from.length);
        long len = libc.recvfrom(fd, buf, buf.length, MSG_DONTWAIT, from, fromLen);
        if (len < 0) {
            int err = LastError.getLastError(Runtime.getSystemRuntime());
            if (err == EBADF || err == ENOTSOCK || err == EFAULT || err == EINVAL) {
                throw new IOException("recvfrom: " + libc.strerror(err));
            }
            // EAGAIN, EINTR, or the error of an ICMP message about an earlier echo (host or network
            // unreachable...) that a ping socket reports once through recvfrom: nothing to read
            return Optional.empty();
        }
        return family.decodeReply(buf, (int) len, raw, from);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            libc.close(fd);
        }
    }

    /** ICMP6_FILTER: block every ICMPv6 type but {@code type} (a set bit blocks; u32 words in host order). */
    private void passOnly(int type) throws IOException {
        int[] words = new int[8];
        java.util.Arrays.fill(words, -1);
        words[type >> 5] &= ~(1 << (type & 31));
        byte[] v = new byte[32];
        for (int i = 0; i < words.length; i++) {
            System.arraycopy(le32(words[i]), 0, v, i * 4, 4);
        }
        if (libc.setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, v, v.length) < 0) {
            throw error("setsockopt(ICMP6_FILTER)");
        }
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private IOException error(String what) {
        return new IOException(what + ": " + libc.strerror(LastError.getLastError(Runtime.getSystemRuntime())));
    }
}

package dev.fulcrum.net.icmp;

import dev.fulcrum.net.libc.LibC;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

/**
 * An IPv4 ICMP echo socket, because the JDK offers no way to send a ping without a thread per
 * request. It prefers the unprivileged ping socket ({@code SOCK_DGRAM, IPPROTO_ICMP}, allowed by
 * {@code net.ipv4.ping_group_range}) and falls back to a raw socket when running with CAP_NET_RAW.
 * With a ping socket the kernel owns the echo identifier, so replies are matched by sequence number;
 * with a raw socket every ICMP packet arrives and the identifier filters them.
 */
public final class IcmpEchoSocket implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_DGRAM = 2;
    private static final int IPPROTO_ICMP = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_MARK = 36;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;

    /** One echo reply: who answered, and the identifier and sequence number it carried. */
    public record EchoReply(Inet4Address from, int id, int sequence) {
    }

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private final boolean raw;
    private volatile boolean closed;

    private IcmpEchoSocket(int fd, boolean raw) {
        this.fd = fd;
        this.raw = raw;
    }

    /** Opens a ping socket, or a raw socket if ping sockets are not permitted for this process. */
    public static IcmpEchoSocket open() throws IOException {
        LibC libc = LibC.INSTANCE;
        int fd = libc.socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
        if (fd >= 0) {
            return new IcmpEchoSocket(fd, false);
        }
        int dgramErr = LastError.getLastError(Runtime.getSystemRuntime());
        fd = libc.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
        if (fd >= 0) {
            return new IcmpEchoSocket(fd, true);
        }
        int rawErr = LastError.getLastError(Runtime.getSystemRuntime());
        throw new IOException("cannot open an ICMP socket: ping socket: " + libc.strerror(dgramErr)
                + " (see net.ipv4.ping_group_range), raw socket: " + libc.strerror(rawErr));
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

    public void sendEcho(Inet4Address to, int id, int sequence, byte[] payload) throws IOException {
        byte[] pkt = new byte[8 + payload.length];
        pkt[0] = 8; // echo request
        pkt[4] = (byte) (id >> 8);
        pkt[5] = (byte) id;
        pkt[6] = (byte) (sequence >> 8);
        pkt[7] = (byte) sequence;
        System.arraycopy(payload, 0, pkt, 8, payload.length);
        int sum = checksum(pkt);
        pkt[2] = (byte) (sum >> 8);
        pkt[3] = (byte) sum;
        byte[] addr = sockaddr(to);
        if (libc.sendto(fd, pkt, pkt.length, MSG_DONTWAIT, addr, addr.length) < 0) {
            throw error("sendto " + to.getHostAddress());
        }
    }

    /**
     * Waits up to {@code timeoutMs} for one echo reply. Returns empty on timeout or when the packet read
     * was not an echo reply (a raw socket sees every ICMP message).
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
        if (n == 0 || closed) {
            return Optional.empty();
        }
        byte[] buf = new byte[1500];
        byte[] from = new byte[16];
        IntByReference fromLen = new IntByReference(from.length);
        long len = libc.recvfrom(fd, buf, buf.length, MSG_DONTWAIT, from, fromLen);
        if (len < 0) {
            int err = LastError.getLastError(Runtime.getSystemRuntime());
            if (err == EAGAIN || err == EINTR) {
                return Optional.empty();
            }
            throw new IOException("recvfrom: " + libc.strerror(err));
        }
        int off = 0;
        if (raw) {
            if (len < 20) {
                return Optional.empty();
            }
            off = (buf[0] & 0x0f) * 4;
        }
        if (len - off < 8 || buf[off] != 0) { // type 0 = echo reply
            return Optional.empty();
        }
        int id = ((buf[off + 4] & 0xff) << 8) | (buf[off + 5] & 0xff);
        int seq = ((buf[off + 6] & 0xff) << 8) | (buf[off + 7] & 0xff);
        try {
            byte[] a = {from[4], from[5], from[6], from[7]};
            return Optional.of(new EchoReply((Inet4Address) InetAddress.getByAddress(a), id, seq));
        } catch (UnknownHostException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }

    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if ((b.length & 1) == 1) {
            sum += (b[b.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static byte[] sockaddr(Inet4Address a) {
        byte[] s = new byte[16];
        s[0] = AF_INET; // sa_family in host (little-endian) order
        byte[] ip = a.getAddress();
        System.arraycopy(ip, 0, s, 4, 4);
        return s;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private IOException error(String what) {
        return new IOException(what + ": " + libc.strerror(LastError.getLastError(Runtime.getSystemRuntime())));
    }
}

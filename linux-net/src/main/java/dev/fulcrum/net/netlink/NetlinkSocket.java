package dev.fulcrum.net.netlink;

import dev.fulcrum.net.libc.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

/**
 * An AF_NETLINK socket: the one place that moves netlink bytes between Java and the kernel.
 *
 * <p>Why it looks like this: IPVS and rtnetlink are request/ack protocols where bulk work (thousands of
 * services) would cost one round trip per object if done naively. {@link #execute(List)} therefore
 * packs many requests into one {@code sendmsg}, and matches the acks back by sequence number; the kernel
 * processes every message of a datagram and acks each, so one failure never hides the others. Dumps
 * ({@link #dump}) follow multipart replies to NLMSG_DONE. Errors surface as {@link NetlinkException} with
 * the errno's name, the operation and the object. Instances are thread-safe (one request at a time).
 */
public final class NetlinkSocket implements AutoCloseable {
    /** Default upper bound on waiting for the kernel; a netlink reply normally takes microseconds. */
    public static final int DEFAULT_TIMEOUT_MS = 30_000;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int SEND_CHUNK_BYTES = 60 * 1024;
    private static final int SEND_CHUNK_MESSAGES = 400;
    private static final int RCVBUF = 8 * 1024 * 1024;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final LibC C = LibC.INSTANCE;
    private static final Runtime RT = Runtime.getRuntime(C);

    private final int protocol;
    private final int fd;
    private final int portId;
    private final ReceiveBufferPool pool = new ReceiveBufferPool(BUFFER_SIZE, 4);
    private final Pointer sendMem;
    private final Pointer recvMem;
    private final Pointer sendHdr;
    private final Pointer sendIov;
    private final Pointer recvHdr;
    private final Pointer recvIov;
    private final byte[] chunkBuf = new byte[SEND_CHUNK_BYTES + BUFFER_SIZE];
    /** recvmmsg slots: acks of a batch arrive as one datagram each; read up to MM_SLOTS per call. */
    private static final int MM_SLOTS = 32;
    private static final int MM_SLOT_SIZE = 8192;
    private static final int MMSGHDR = 64;
    private final Pointer mmMem;
    private final Pointer mmVec;
    private final Pointer mmIov;
    private final byte[] mmHdrs = new byte[MM_SLOTS * MMSGHDR];
    private final byte[] mmData = new byte[MM_SLOTS * MM_SLOT_SIZE];
    private final int[] mmLens = new int[MM_SLOTS];
    private boolean mmAvailable = true;
    private final int chunkMessages;
    private int seq = (int) (System.nanoTime() & 0x3FFFFFFF);
    private int timeoutMs = DEFAULT_TIMEOUT_MS;
    private boolean closed;

    private NetlinkSocket(int protocol, int fd, int portId, int rcvbuf) {
        this.protocol = protocol;
        // every ack of a batch is queued before sendmsg returns (~1 KiB of receive buffer each)
        this.chunkMessages = Math.max(16, Math.min(SEND_CHUNK_MESSAGES, rcvbuf / 2048));
        this.fd = fd;
        this.portId = portId;
        this.sendMem = Memory.allocateDirect(RT, SEND_CHUNK_BYTES + BUFFER_SIZE, true);
        this.recvMem = Memory.allocateDirect(RT, BUFFER_SIZE, true);
        this.sendHdr = Memory.allocateDirect(RT, 56, true);
        this.sendIov = Memory.allocateDirect(RT, 16, true);
        this.recvHdr = Memory.allocateDirect(RT, 56, true);
        this.recvIov = Memory.allocateDirect(RT, 16, true);
        // The msghdr/iovec pairs never change except for lengths and flags: set them up once.
        sendIov.putAddress(0, sendMem.address());
        initMsghdr(sendHdr, sendIov);
        recvIov.putAddress(0, recvMem.address());
        recvIov.putLong(8, BUFFER_SIZE);
        initMsghdr(recvHdr, recvIov);
        this.mmMem = Memory.allocateDirect(RT, MM_SLOTS * MM_SLOT_SIZE, true);
        this.mmVec = Memory.allocateDirect(RT, MM_SLOTS * MMSGHDR, true);
        this.mmIov = Memory.allocateDirect(RT, MM_SLOTS * 16, true);
        for (int i = 0; i < MM_SLOTS; i++) {
            mmIov.putAddress(i * 16L, mmMem.address() + (long) i * MM_SLOT_SIZE);
            mmIov.putLong(i * 16L + 8, MM_SLOT_SIZE);
            Pointer h = mmVec.slice((long) i * MMSGHDR, MMSGHDR);
            h.putAddress(0, 0L);
            h.putInt(8, 0);
            h.putAddress(16, mmIov.address() + i * 16L);
            h.putLong(24, 1);
            h.putAddress(32, 0L);
            h.putLong(40, 0);
            h.putInt(48, 0);
            h.putInt(56, 0);
        }
    }

    private static void initMsghdr(Pointer hdr, Pointer iov) {
        hdr.putAddress(0, 0L);
        hdr.putInt(8, 0);
        hdr.putAddress(16, iov.address());
        hdr.putLong(24, 1);
        hdr.putAddress(32, 0L);
        hdr.putLong(40, 0);
        hdr.putInt(48, 0);
    }

    /** Opens and binds a socket for {@code protocol} (NETLINK_ROUTE, NETLINK_GENERIC) with no multicast groups. */
    public static NetlinkSocket open(int protocol) {
        return open(protocol, 0);
    }

    /** Opens and binds a socket subscribed to the legacy multicast {@code groups} bitmask. */
    public static NetlinkSocket open(int protocol, int groups) {
        int fd = C.socket(Netlink.AF_NETLINK, Netlink.SOCK_RAW | Netlink.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int e = RT.getLastError();
            throw new NetlinkException(e, "open netlink socket", "protocol " + protocol,
                    e == Errno.EPROTONOSUPPORT ? "netlink protocol not supported by this kernel" : null);
        }
        try {
            // Acks must fit in the receive queue while a whole batch is processed inside one sendmsg.
            if (C.setsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUFFORCE, intBytes(RCVBUF), 4) < 0) {
                C.setsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUF, intBytes(RCVBUF), 4);
            }
            C.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, intBytes(1), 4);
            C.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, intBytes(1), 4);
            byte[] sa = sockaddr(groups);
            if (C.bind(fd, sa, sa.length) < 0) {
                throw new NetlinkException(RT.getLastError(), "bind netlink socket", "protocol " + protocol);
            }
            byte[] got = new byte[12];
            IntByReference len = new IntByReference(12);
            if (C.getsockname(fd, got, len) < 0) {
                throw new NetlinkException(RT.getLastError(), "getsockname netlink socket", "protocol " + protocol);
            }
            int pid = ByteBuffer.wrap(got).order(ByteOrder.nativeOrder()).getInt(4);
            byte[] rb = new byte[4];
            IntByReference rbLen = new IntByReference(4);
            int rcvbuf = C.getsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUF, rb, rbLen) == 0
                    ? ByteBuffer.wrap(rb).order(ByteOrder.nativeOrder()).getInt() : 212_992;
            return new NetlinkSocket(protocol, fd, pid, rcvbuf);
        } catch (RuntimeException e) {
            C.close(fd);
            throw e;
        }
    }

    private static byte[] sockaddr(int groups) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        b.putShort((short) Netlink.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups);
        return b.array();
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    public int protocol() {
        return protocol;
    }

    /** The port id the kernel assigned at bind. */
    public int portId() {
        return portId;
    }

    /** Sets how long a receive waits for the kernel before failing with ETIMEDOUT. */
    public synchronized void timeoutMillis(int ms) {
        this.timeoutMs = ms;
    }

    /** Joins a multicast group by number (RTNLGRP_*), for groups beyond the 32-bit bind mask. */
    public synchronized void joinGroup(int group) {
        if (C.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, intBytes(group), 4) < 0) {
            throw new NetlinkException(RT.getLastError(), "join netlink group", String.valueOf(group));
        }
    }

    /** Sends one request and waits for its ack; returns the data messages that preceded the ack. */
    public synchronized List<NetlinkMessage> request(NetlinkRequest request) {
        return execute(List.of(request)).get(0).orThrow().data();
    }

    /**
     * Sends {@code requests} in as few datagrams as possible (each request must ask for an ACK) and
     * returns one reply per request, in order. Failures are reported in the replies, never thrown;
     * only a socket-level failure (timeout, ENOBUFS) throws.
     */
    public synchronized List<NetlinkReply> execute(List<NetlinkRequest> requests) {
        List<NetlinkReply> replies = new ArrayList<>(requests.size());
        int i = 0;
        while (i < requests.size()) {
            int bytes = 0;
            int j = i;
            while (j < requests.size() && j - i < chunkMessages
                    && (j == i || bytes + Netlink.align(requests.get(j).message().length) <= SEND_CHUNK_BYTES)) {
                bytes += Netlink.align(requests.get(j).message().length);
                j++;
            }
            executeChunk(requests.subList(i, j), replies);
            i = j;
        }
        return replies;
    }

    private void executeChunk(List<NetlinkRequest> chunk, List<NetlinkReply> replies) {
        ensureOpen();
        if (seq > 0x7FFFFFFF - chunk.size() - 1) {
            seq = 0; // keep the chunk's sequence numbers contiguous
        }
        int firstSeq = seq + 1;
        int off = 0;
        ByteBuffer nb = ByteBuffer.wrap(chunkBuf).order(ByteOrder.nativeOrder());
        for (NetlinkRequest r : chunk) {
            byte[] m = r.message();
            if ((r.flags() & Netlink.NLM_F_ACK) == 0 || r.isDump()) {
                throw new IllegalArgumentException("batched request must ask for an ack and not be a dump: " + r.operation());
            }
            if (off + m.length > chunkBuf.length) {
                throw new IllegalArgumentException("netlink message too large: " + m.length);
            }
            System.arraycopy(m, 0, chunkBuf, off, m.length);
            nb.putInt(off + 8, nextSeq());
            nb.putInt(off + 12, 0);
            int padded = Netlink.align(m.length);
            for (int p = off + m.length; p < off + padded; p++) {
                chunkBuf[p] = 0;
            }
            off += padded;
        }
        sendMem.put(0, chunkBuf, 0, off);
        sendRaw(off, chunk.get(0));
        int n = chunk.size();
        int[] errors = new int[n];
        String[] kmsg = new String[n];
        boolean[] done = new boolean[n];
        @SuppressWarnings("unchecked")
        List<NetlinkMessage>[] data = new List[n];
        int remaining = n;
        byte[] buf = pool.acquire();
        try {
            while (remaining > 0) {
                int datagrams;
                if (n > 1 && mmAvailable) {
                    datagrams = receiveMany(chunk.get(0));
                } else {
                    datagrams = -1;
                }
                if (datagrams < 0) {
                    int len = receive(buf, chunk.get(0));
                    remaining -= match(NetlinkMessage.parseAll(buf, len), firstSeq, errors, kmsg, done, data);
                    continue;
                }
                for (int d = 0; d < datagrams; d++) {
                    remaining -= match(NetlinkMessage.parseAll(ByteBuffer.wrap(mmData, d * MM_SLOT_SIZE, mmLens[d])),
                            firstSeq, errors, kmsg, done, data);
                }
            }
        } finally {
            pool.release(buf);
        }
        for (int k = 0; k < n; k++) {
            replies.add(new NetlinkReply(chunk.get(k), errors[k], kmsg[k], data[k] == null ? List.of() : data[k]));
        }
    }

    /** Files each message under its request; returns how many requests it completed. */
    private static int match(List<NetlinkMessage> msgs, int firstSeq, int[] errors, String[] kmsg, boolean[] done,
                             List<NetlinkMessage>[] data) {
        int completed = 0;
        int n = done.length;
        for (NetlinkMessage m : msgs) {
            int idx = m.seq() - firstSeq;
            if (idx < 0 || idx >= n || done[idx]) {
                continue; // stale reply of an earlier, abandoned request
            }
            if (m.isError()) {
                errors[idx] = -m.error();
                kmsg[idx] = m.extendedAckMessage();
                done[idx] = true;
                completed++;
            } else {
                if (data[idx] == null) {
                    data[idx] = new ArrayList<>(1);
                }
                data[idx].add(copy(m));
            }
        }
        return completed;
    }

    /**
     * Reads every queued datagram (up to MM_SLOTS) with one recvmmsg into {@code mmData}; waits with
     * poll when none is queued. Returns the number of datagrams, or -1 when recvmmsg is unavailable.
     */
    private int receiveMany(NetlinkRequest r) {
        while (true) {
            int got = C.recvmmsg(fd, mmVec, MM_SLOTS, MSG_DONTWAIT, null);
            if (got < 0) {
                int e = RT.getLastError();
                if (e == Errno.EINTR) {
                    continue;
                }
                if (e == Errno.EAGAIN) {
                    if (!pollIn(timeoutMs)) {
                        throw new NetlinkException(Errno.ETIMEDOUT, r.operation(), r.object(), "no reply from the kernel in " + timeoutMs + " ms");
                    }
                    continue;
                }
                if (e == 38) { // ENOSYS: fall back to one recvmsg per datagram
                    mmAvailable = false;
                    return -1;
                }
                throw new NetlinkException(e, r.operation(), r.object(), e == Errno.ENOBUFS ? "netlink receive queue overflowed; replies were lost" : "recvmmsg");
            }
            mmVec.get(0, mmHdrs, 0, got * MMSGHDR);
            ByteBuffer h = ByteBuffer.wrap(mmHdrs).order(ByteOrder.nativeOrder());
            for (int i = 0; i < got; i++) {
                int len = h.getInt(i * MMSGHDR + 56);
                if ((h.getInt(i * MMSGHDR + 48) & MSG_TRUNC) != 0 || len > MM_SLOT_SIZE) {
                    throw new NetlinkException(Errno.EMSGSIZE, r.operation(), r.object(), "batched netlink reply larger than " + MM_SLOT_SIZE + " bytes");
                }
                mmMem.get((long) i * MM_SLOT_SIZE, mmData, i * MM_SLOT_SIZE, len);
                mmLens[i] = len;
            }
            return got;
        }
    }

    /**
     * Runs a dump (the request must carry NLM_F_DUMP) and returns every data message up to NLMSG_DONE.
     * An error ends the dump with a {@link NetlinkException} naming the request.
     */
    public synchronized List<NetlinkMessage> dump(NetlinkRequest request) {
        ensureOpen();
        byte[] m = request.message();
        int s = nextSeq();
        System.arraycopy(m, 0, chunkBuf, 0, m.length);
        ByteBuffer.wrap(chunkBuf).order(ByteOrder.nativeOrder()).putInt(8, s);
        sendMem.put(0, chunkBuf, 0, m.length);
        sendRaw(m.length, request);
        List<NetlinkMessage> out = new ArrayList<>();
        byte[] buf = pool.acquire();
        try {
            while (true) {
                int len = receive(buf, request);
                for (NetlinkMessage msg : NetlinkMessage.parseAll(buf, len)) {
                    if (msg.seq() != s) {
                        continue;
                    }
                    if (msg.isDone()) {
                        int err = msg.payload().limit() >= 4 ? msg.payload().getInt(0) : 0;
                        if (err < 0) {
                            throw new NetlinkException(-err, request.operation(), request.object());
                        }
                        return out;
                    }
                    if (msg.isError()) {
                        if (msg.error() == 0) {
                            return out;
                        }
                        throw new NetlinkException(-msg.error(), request.operation(), request.object(), msg.extendedAckMessage());
                    }
                    if (msg.type() == Netlink.NLMSG_OVERRUN) {
                        throw new NetlinkException(Errno.ENOBUFS, request.operation(), request.object(), "netlink overrun");
                    }
                    out.add(copy(msg));
                }
            }
        } finally {
            pool.release(buf);
        }
    }

    /**
     * Waits up to {@code timeoutMs} for one datagram of unsolicited messages (multicast events) and
     * returns its messages, or an empty list on timeout. ENOBUFS (events lost) is thrown so the caller
     * re-dumps.
     */
    public synchronized List<NetlinkMessage> receiveEvents(int timeoutMs) {
        ensureOpen();
        if (!pollIn(timeoutMs)) {
            return List.of();
        }
        byte[] buf = pool.acquire();
        try {
            int len = recvOnce(buf, "receive netlink events", "");
            List<NetlinkMessage> out = new ArrayList<>();
            for (NetlinkMessage m : NetlinkMessage.parseAll(buf, len)) {
                out.add(copy(m));
            }
            return out;
        } finally {
            pool.release(buf);
        }
    }

    private static NetlinkMessage copy(NetlinkMessage m) {
        ByteBuffer p = ByteBuffer.allocate(m.payload().limit()).order(ByteOrder.nativeOrder());
        p.put(m.payload().duplicate().position(0));
        p.flip();
        return new NetlinkMessage(m.type(), m.flags(), m.seq(), m.pid(), p);
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x7FFFFFFF;
        if (seq == 0) {
            seq = 1;
        }
        return seq;
    }

    private void sendRaw(int len, NetlinkRequest first) {
        sendIov.putLong(8, len);
        long n;
        do {
            n = C.sendmsg(fd, sendHdr, 0);
        } while (n < 0 && RT.getLastError() == Errno.EINTR);
        if (n < 0) {
            throw new NetlinkException(RT.getLastError(), first.operation(), first.object(), "sendmsg");
        }
        if (n != len) {
            throw new NetlinkException(Errno.EMSGSIZE, first.operation(), first.object(), "short send " + n + "/" + len);
        }
    }

    private int receive(byte[] buf, NetlinkRequest r) {
        // Replies to a batch are usually queued already: try without waiting, poll only when empty.
        int n = recvOnce(buf, MSG_DONTWAIT, r.operation(), r.object());
        if (n >= 0) {
            return n;
        }
        if (!pollIn(timeoutMs)) {
            throw new NetlinkException(Errno.ETIMEDOUT, r.operation(), r.object(), "no reply from the kernel in " + timeoutMs + " ms");
        }
        return recvOnce(buf, 0, r.operation(), r.object());
    }

    private int recvOnce(byte[] buf, String op, String obj) {
        return recvOnce(buf, 0, op, obj);
    }

    /** One datagram into {@code buf}; -1 when {@code flags} has MSG_DONTWAIT and nothing is queued. */
    private int recvOnce(byte[] buf, int flags, String op, String obj) {
        while (true) {
            recvHdr.putInt(48, 0);
            long n = C.recvmsg(fd, recvHdr, flags);
            if (n < 0) {
                int e = RT.getLastError();
                if (e == Errno.EINTR) {
                    continue;
                }
                if (e == Errno.EAGAIN && (flags & MSG_DONTWAIT) != 0) {
                    return -1;
                }
                throw new NetlinkException(e, op, obj, e == Errno.ENOBUFS ? "netlink receive queue overflowed; replies were lost" : "recvmsg");
            }
            if ((recvHdr.getInt(48) & MSG_TRUNC) != 0) {
                throw new NetlinkException(Errno.EMSGSIZE, op, obj, "netlink reply truncated");
            }
            recvMem.get(0, buf, 0, (int) n);
            return (int) n;
        }
    }

    private boolean pollIn(int ms) {
        ByteBuffer pfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        pfd.putInt(fd).putShort((short) 1).putShort((short) 0);
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (true) {
            int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            byte[] arr = pfd.array();
            int r = C.poll(arr, 1, left);
            if (r > 0) {
                return true;
            }
            if (r == 0) {
                return false;
            }
            int e = RT.getLastError();
            if (e != Errno.EINTR) {
                throw new NetlinkException(e, "poll netlink socket", "");
            }
            if (left == 0) {
                return false;
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }
}

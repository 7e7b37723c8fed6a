package dev.fulcrum.net.packet;

import dev.fulcrum.net.libc.LibC;
import java.io.IOException;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/**
 * A send-only AF_PACKET socket: whole Ethernet frames out of one interface. It is opened with protocol 0
 * so the kernel delivers nothing to it (no receive queue to drain, no BPF needed); the frame's
 * ethertype goes in {@code sockaddr_ll} on each send.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int MSG_DONTWAIT = 0x40;
    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private volatile boolean closed;

    private PacketSocket(int fd) {
        this.fd = fd;
    }

    public static PacketSocket open() throws IOException {
        int fd = LibC.INSTANCE.socket(AF_PACKET, SOCK_RAW, 0);
        if (fd < 0) {
            int e = LastError.getLastError(Runtime.getSystemRuntime());
            throw new IOException("socket(AF_PACKET, SOCK_RAW, 0): " + LibC.INSTANCE.strerror(e));
        }
        return new PacketSocket(fd);
    }

    /** Sends one frame (Ethernet header included) on {@code ifindex}. */
    public void send(int ifindex, int ethertype, byte[] frame) throws IOException {
        byte[] sll = new byte[20];
        sll[0] = (byte) AF_PACKET;
        sll[2] = (byte) (ethertype >>> 8);
        sll[3] = (byte) ethertype;
        sll[4] = (byte) ifindex;
        sll[5] = (byte) (ifindex >>> 8);
        sll[6] = (byte) (ifindex >>> 16);
        sll[7] = (byte) (ifindex >>> 24);
        sll[8] = 1; // ARPHRD_ETHER
        sll[11] = 6;
        System.arraycopy(frame, 0, sll, 12, 6);
        long n = libc.sendto(fd, frame, frame.length, MSG_DONTWAIT, sll, sll.length);
        if (n < 0) {
            int e = LastError.getLastError(Runtime.getSystemRuntime());
            throw new IOException("packet send on ifindex " + ifindex + ": " + libc.strerror(e));
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}

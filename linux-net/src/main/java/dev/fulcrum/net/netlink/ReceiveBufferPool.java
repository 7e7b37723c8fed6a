package dev.fulcrum.net.netlink;

import java.util.ArrayDeque;

/**
 * Reusable heap buffers for received datagrams. A dump of a large IPVS table arrives as thousands of
 * datagrams; reusing buffers keeps the receive path free of per-datagram 64 KiB allocations.
 */
final class ReceiveBufferPool {
    private final int size;
    private final int keep;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    ReceiveBufferPool(int size, int keep) {
        this.size = size;
        this.keep = keep;
    }

    synchronized byte[] acquire() {
        byte[] b = free.pollFirst();
        return b != null ? b : new byte[size];
    }

    synchronized void release(byte[] b) {
        if (b.length == size && free.size() < keep) {
            free.addFirst(b);
        }
    }

    int bufferSize() {
        return size;
    }
}

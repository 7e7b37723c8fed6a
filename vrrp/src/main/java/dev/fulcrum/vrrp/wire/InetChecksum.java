package dev.fulcrum.vrrp.wire;

/**
 * RFC 1071 one's-complement checksum. Kept as a tiny incremental accumulator because VRRPv3 sums a
 * pseudo-header and the message separately, and the IPv4 header needs the same arithmetic.
 */
public final class InetChecksum {
    private long sum;
    private int pendingOdd = -1;

    /** Adds bytes, handling odd lengths across calls as one continuous stream. */
    public InetChecksum add(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        if (pendingOdd >= 0 && i < end) {
            sum += (pendingOdd << 8) | (buf[i++] & 0xff);
            pendingOdd = -1;
        }
        for (; i + 1 < end; i += 2) {
            sum += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
        }
        if (i < end) {
            pendingOdd = buf[i] & 0xff;
        }
        return this;
    }

    public InetChecksum add(byte[] buf) {
        return add(buf, 0, buf.length);
    }

    public InetChecksum addU16(int v) {
        sum += v & 0xffff;
        return this;
    }

    /** The checksum to store in the field (complement of the folded sum). */
    public int value() {
        long s = sum;
        if (pendingOdd >= 0) {
            s += pendingOdd << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    public static int of(byte[] buf, int off, int len) {
        return new InetChecksum().add(buf, off, len).value();
    }
}

package dev.fulcrum.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one netlink message: the 16-byte header, an optional family header (genlmsghdr, ifaddrmsg, ...)
 * and type-length-value attributes, nested to any depth. One builder serves rtnetlink and generic
 * netlink alike, so alignment and byte-order rules live in exactly one place. Integers are native order
 * unless the method name says {@code Be}. The sequence number is left 0; {@link NetlinkSocket} stamps it
 * when it sends, so a built request can be queued, batched and retried.
 */
public final class NetlinkMessageBuilder {
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private ByteBuffer buf;
    private final int[] nestStack = new int[16];
    private int depth;

    /** Starts a message of {@code type} with {@code flags} (NLM_F_*). */
    public NetlinkMessageBuilder(int type, int flags) {
        buf = ByteBuffer.allocate(256).order(NATIVE);
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    /** Starts a generic netlink message: header plus genlmsghdr {cmd, version}. */
    public static NetlinkMessageBuilder generic(int familyId, int flags, int command, int version) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(familyId, flags);
        b.ensure(4);
        b.buf.put((byte) command).put((byte) version).putShort((short) 0);
        return b;
    }

    private void ensure(int more) {
        if (buf.remaining() < more + 4) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more + 64)).order(NATIVE);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    /** Appends raw bytes of a family header (e.g. a 8-byte ifaddrmsg); padded to 4. */
    public NetlinkMessageBuilder header(byte[] familyHeader) {
        ensure(familyHeader.length + 3);
        buf.put(familyHeader);
        pad();
        return this;
    }

    public NetlinkMessageBuilder putBytes(int type, byte[] value) {
        ensure(4 + value.length + 3);
        buf.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        pad();
        return this;
    }

    public NetlinkMessageBuilder putU8(int type, int value) {
        return putBytes(type, new byte[] {(byte) value});
    }

    public NetlinkMessageBuilder putU16(int type, int value) {
        ensure(8);
        buf.putShort((short) 6).putShort((short) type).putShort((short) value);
        pad();
        return this;
    }

    /** A 16-bit value in network byte order (ports). */
    public NetlinkMessageBuilder putU16Be(int type, int value) {
        ensure(8);
        buf.putShort((short) 6).putShort((short) type).put((byte) (value >>> 8)).put((byte) value);
        pad();
        return this;
    }

    public NetlinkMessageBuilder putU32(int type, int value) {
        ensure(8);
        buf.putShort((short) 8).putShort((short) type).putInt(value);
        return this;
    }

    /** A 32-bit value in network byte order. */
    public NetlinkMessageBuilder putU32Be(int type, int value) {
        ensure(8);
        buf.putShort((short) 8).putShort((short) type).order(ByteOrder.BIG_ENDIAN).putInt(value).order(NATIVE);
        return this;
    }

    public NetlinkMessageBuilder putU64(int type, long value) {
        ensure(12);
        buf.putShort((short) 12).putShort((short) type).putLong(value);
        return this;
    }

    /** A NUL-terminated string attribute, as the kernel's NLA_NUL_STRING / NLA_STRING policies expect. */
    public NetlinkMessageBuilder putString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return putBytes(type, Arrays.copyOf(s, s.length + 1));
    }

    /** A zero-length attribute whose presence is the value. */
    public NetlinkMessageBuilder putFlag(int type) {
        return putBytes(type, new byte[0]);
    }

    /** Opens a nested attribute (sets NLA_F_NESTED); close it with {@link #endNested()}. */
    public NetlinkMessageBuilder beginNested(int type) {
        if (depth == nestStack.length) {
            throw new IllegalStateException("attributes nested too deep");
        }
        ensure(4);
        nestStack[depth++] = buf.position();
        buf.putShort((short) 0).putShort((short) (type | Netlink.NLA_F_NESTED));
        return this;
    }

    public NetlinkMessageBuilder endNested() {
        if (depth == 0) {
            throw new IllegalStateException("endNested without beginNested");
        }
        int start = nestStack[--depth];
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** Finishes the message: its bytes with the length field set and sequence 0. */
    public byte[] bytes() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " nested attribute(s) left open");
        }
        buf.putInt(0, buf.position());
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** Finishes the message as a request that names what it does, for errors and logs. */
    public NetlinkRequest build(String operation, String object) {
        return new NetlinkRequest(bytes(), operation, object);
    }
}

package dev.fulcrum.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of one level of a netlink message, indexed by type (NLA_F_* bits masked off, so nests
 * sent with or without NLA_F_NESTED read the same). Lookups are by type because the kernel's attribute
 * order is an implementation detail; repeated types keep the last value, like the kernel's own parser,
 * and {@link #all(int)} returns every occurrence.
 */
public final class NetlinkAttributes {
    private static final int DIRECT = 64;
    private final ByteBuffer[] direct = new ByteBuffer[DIRECT];
    private Map<Integer, ByteBuffer> high;
    private final List<int[]> order = new ArrayList<>();
    private final ByteBuffer source;

    private NetlinkAttributes(ByteBuffer source) {
        this.source = source;
    }

    /** Parses attributes from {@code region} (position to limit). Trailing garbage shorter than a header is ignored. */
    public static NetlinkAttributes parse(ByteBuffer region) {
        ByteBuffer b = region.duplicate().order(ByteOrder.nativeOrder());
        NetlinkAttributes a = new NetlinkAttributes(b);
        int pos = b.position();
        int end = b.limit();
        while (end - pos >= Netlink.NLA_HDRLEN) {
            int len = b.getShort(pos) & 0xFFFF;
            int type = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            if (len < Netlink.NLA_HDRLEN || pos + len > end) {
                throw new IllegalArgumentException("malformed attribute type " + type + " length " + len);
            }
            ByteBuffer value = b.duplicate().position(pos + 4).limit(pos + len).slice().order(ByteOrder.nativeOrder());
            if (type < DIRECT) {
                a.direct[type] = value;
            } else {
                if (a.high == null) {
                    a.high = new HashMap<>();
                }
                a.high.put(type, value);
            }
            a.order.add(new int[] {type, pos + 4, pos + len});
            pos += Netlink.align(len);
        }
        return a;
    }

    private ByteBuffer get(int type) {
        ByteBuffer v = type < DIRECT ? direct[type] : (high == null ? null : high.get(type));
        if (v == null) {
            throw new IllegalArgumentException("attribute " + type + " missing");
        }
        return v;
    }

    public boolean has(int type) {
        return type < DIRECT ? direct[type] != null : high != null && high.containsKey(type);
    }

    public int u8(int type) {
        return get(type).get(0) & 0xFF;
    }

    public int u16(int type) {
        return get(type).getShort(0) & 0xFFFF;
    }

    public int u16Be(int type) {
        ByteBuffer v = get(type);
        return ((v.get(0) & 0xFF) << 8) | (v.get(1) & 0xFF);
    }

    public int u32(int type) {
        return get(type).getInt(0);
    }

    public int u32Be(int type) {
        return get(type).order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    /** A 64-bit value; a 32-bit attribute is widened unsigned (IPVS STATS mixes both widths). */
    public long u64(int type) {
        ByteBuffer v = get(type);
        return v.limit() >= 8 ? v.getLong(0) : Integer.toUnsignedLong(v.getInt(0));
    }

    public int u32(int type, int absent) {
        return has(type) ? u32(type) : absent;
    }

    public long u64(int type, long absent) {
        return has(type) ? u64(type) : absent;
    }

    public int u16(int type, int absent) {
        return has(type) ? u16(type) : absent;
    }

    public int u8(int type, int absent) {
        return has(type) ? u8(type) : absent;
    }

    /** A string attribute, up to the first NUL. */
    public String string(int type) {
        ByteBuffer v = get(type);
        int n = 0;
        while (n < v.limit() && v.get(n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        v.duplicate().position(0).get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    public byte[] bytes(int type) {
        ByteBuffer v = get(type);
        byte[] out = new byte[v.limit()];
        v.duplicate().position(0).get(out);
        return out;
    }

    public NetlinkAttributes nested(int type) {
        return parse(get(type));
    }

    /** Every occurrence of {@code type}, in wire order (for lists such as CTRL_ATTR_OPS). */
    public List<ByteBuffer> all(int type) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int[] o : order) {
            if (o[0] == type) {
                out.add(source.duplicate().position(o[1]).limit(o[2]).slice().order(ByteOrder.nativeOrder()));
            }
        }
        return out;
    }
}

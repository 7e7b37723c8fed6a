package dev.fulcrum.ipvs.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/** Formatting and ordering of address:port pairs the way ipvsadm shows them (IPv6 in brackets). */
public final class Endpoints {
    private Endpoints() {
    }

    public static String format(InetAddress a, int port) {
        return host(a) + ":" + port;
    }

    /** The numeric address; IPv6 compressed and bracketed, as ipvsadm -Ln prints it. */
    public static String host(InetAddress a) {
        if (a instanceof Inet6Address) {
            return "[" + compress(a.getAddress()) + "]";
        }
        return a.getHostAddress();
    }

    /** RFC 5952 text (longest run of zero groups collapsed), like inet_ntop. */
    public static String compress(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart == 0 && (bestLen == 6 || (bestLen == 5 && g[5] == 0xffff))) {
            byte[] v4 = Arrays.copyOfRange(b, 12, 16);
            String tail = (v4[0] & 0xFF) + "." + (v4[1] & 0xFF) + "." + (v4[2] & 0xFF) + "." + (v4[3] & 0xFF);
            return bestLen == 6 ? "::" + tail : "::ffff:" + tail;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Orders IPv4 before IPv6, then bytewise unsigned. */
    public static int compare(InetAddress x, InetAddress y) {
        if (x instanceof java.net.Inet4Address && y instanceof java.net.Inet4Address) {
            // an IPv4 address's hash code is its 32 bits: no array copies on the reconciler's hot path
            return Integer.compareUnsigned(x.hashCode(), y.hashCode());
        }
        byte[] a = x.getAddress();
        byte[] b = y.getAddress();
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }
}

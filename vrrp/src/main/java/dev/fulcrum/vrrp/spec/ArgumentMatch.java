package dev.fulcrum.vrrp.spec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a {@code vrrp_track_process} compares its configured arguments with a running process's, byte for
 * byte, the way keepalived does. Both sides are the arguments after argv[0] in {@code /proc/PID/cmdline}
 * form: each argument followed by a NUL, so a length counts every NUL. keepalived's keyword names read
 * swapped against its behaviour ({@code initial} is the looser one); this follows the behaviour, because a
 * migrated configuration must count the same processes or the priority, and the master, would differ.
 */
public enum ArgumentMatch {
    /** No {@code param_match} and no arguments configured: arguments are not looked at. */
    ANY,
    /** Same bytes, same length; with nothing configured, only a process without arguments. */
    EXACT,
    /** The configured arguments are the process's first ones, each complete (final NUL included). */
    PARTIAL,
    /** The first {@code Lc − 1} bytes agree: the last configured argument may be a prefix of the process's. */
    INITIAL;

    /** Whether a process whose arguments are {@code running} matches the {@code configured} ones. */
    public boolean matches(byte[] configured, byte[] running) {
        int lc = configured.length;
        int lp = running.length;
        if (this == ANY) {
            return true;
        }
        if (this == EXACT && lc == 0) {
            return lp == 0;
        }
        if (lp < lc) {
            return false;
        }
        return switch (this) {
            case EXACT -> lp == lc && samePrefix(configured, running, lc);
            case PARTIAL -> samePrefix(configured, running, lc);
            case INITIAL -> lc == 0 || samePrefix(configured, running, lc - 1);
            case ANY -> true;
        };
    }

    private static boolean samePrefix(byte[] a, byte[] b, int n) {
        return java.util.Arrays.equals(a, 0, n, b, 0, n);
    }

    /** Arguments in cmdline form: each one's UTF-8 bytes followed by a NUL. */
    public static byte[] encode(List<String> args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String a : args) {
            out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }
}

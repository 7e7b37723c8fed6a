package dev.fulcrum.healthcheck.spec;

import java.io.ByteArrayOutputStream;

/**
 * keepalived's free-form hex for UDP_CHECK: words of hex digits separated by spaces, each word read two
 * digits at a time with a trailing odd digit as its own byte ({@code Ab12f 3} = {@code AB 12 0F 03}).
 * In a require_reply pattern an {@code X} nibble matches anything.
 */
public final class Hex {
    private Hex() {
    }

    /** A byte pattern: {@code mask} has 1 bits where {@code value} must match. */
    public record Pattern(byte[] value, byte[] mask) {
        public int length() {
            return value.length;
        }

        /** Compares up to the shorter of the pattern and the reply, as keepalived does. */
        public boolean matches(byte[] reply) {
            int n = Math.min(reply.length, value.length);
            for (int i = 0; i < n; i++) {
                if (((reply[i] ^ value[i]) & mask[i]) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    public static byte[] parse(String text) {
        Pattern p = parsePattern(text);
        for (byte m : p.mask()) {
            if (m != (byte) 0xff) {
                throw new IllegalArgumentException("wildcard not allowed in a payload: " + text);
            }
        }
        return p.value();
    }

    public static Pattern parsePattern(String text) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        ByteArrayOutputStream mask = new ByteArrayOutputStream();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            for (int i = 0; i < word.length(); i += 2) {
                String pair = word.substring(i, Math.min(i + 2, word.length()));
                if (pair.length() == 1) {
                    pair = "0" + pair;
                }
                int v = 0;
                int m = 0;
                for (char c : pair.toCharArray()) {
                    v <<= 4;
                    m <<= 4;
                    if (c == 'x' || c == 'X') {
                        continue;
                    }
                    int d = Character.digit(c, 16);
                    if (d < 0) {
                        throw new IllegalArgumentException("not hex: " + word);
                    }
                    v |= d;
                    m |= 0xf;
                }
                value.write(v);
                mask.write(m);
            }
        }
        return new Pattern(value.toByteArray(), mask.toByteArray());
    }
}

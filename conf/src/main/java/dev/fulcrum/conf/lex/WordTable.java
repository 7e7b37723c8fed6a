package dev.fulcrum.conf.lex;

/**
 * One load's shared word strings. A large configuration repeats a few hundred distinct words
 * (keywords, braces' neighbours, timers, addresses, ports) hundreds of thousands of times; looking a
 * word up by its characters in the file text instead of copying it out keeps the lexer's allocation and
 * the retained model small. Bounded: once full, further distinct words are simply copied.
 */
public final class WordTable {
    private static final int SLOTS = 1 << 13;
    private static final int MAX_WORDS = SLOTS / 2;
    private static final int MAX_WORD_LENGTH = 64;

    private final String[] slots = new String[SLOTS];
    private int size;

    /** The string equal to {@code text[from, to)}, shared with earlier equal words when possible. */
    String word(String text, int from, int to) {
        int len = to - from;
        if (len > MAX_WORD_LENGTH) {
            return text.substring(from, to);
        }
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        int idx = (h ^ (h >>> 16)) & (SLOTS - 1);
        while (true) {
            String w = slots[idx];
            if (w == null) {
                w = text.substring(from, to);
                if (size < MAX_WORDS) {
                    slots[idx] = w;
                    size++;
                }
                return w;
            }
            if (w.length() == len && w.hashCode() == h && text.regionMatches(from, w, 0, len)) {
                return w;
            }
            idx = (idx + 1) & (SLOTS - 1);
        }
    }
}

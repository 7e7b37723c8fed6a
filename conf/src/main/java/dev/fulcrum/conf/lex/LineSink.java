package dev.fulcrum.conf.lex;

import java.nio.file.Path;

/** Where the preprocessor's lines go, one at a time, as soon as each is complete. */
public interface LineSink {
    void line(SourceLine line);

    /**
     * A line that is still a plain slice {@code text[begin, end)} of the file, its first character at
     * {@code firstColumn}: most lines of a large file. A sink that can read the slice directly saves the
     * {@link SourceLine}.
     */
    default void slice(Path file, int lineNo, String text, int begin, int end, int firstColumn) {
        line(SourceLine.slice(file, lineNo, text, begin, end, firstColumn));
    }

    /**
     * Offered at line {@code lineNo} of {@code text}, which starts at {@code lineStart} and whose content
     * (blanks and comment cut off) is {@code text[begin, end)}, before the line is cut: a sink that
     * recognises the whole lines from there as a block it has already read verbatim may take them at
     * once. Returns 0 to decline, else the number of lines taken (at most {@code room}) in the high 32
     * bits and the number of characters (whole lines, up to and with a line break) in the low 32 bits.
     */
    default long block(Path file, int lineNo, String text, int lineStart, int begin, int end, int room) {
        return 0;
    }
}

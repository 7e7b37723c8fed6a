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
}

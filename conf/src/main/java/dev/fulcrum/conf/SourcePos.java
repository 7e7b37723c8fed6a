package dev.fulcrum.conf;

import java.nio.file.Path;

/**
 * A place in a configuration file (1-based line and column). Tokens keep theirs through includes,
 * parameter expansion and repetition so every diagnostic points at what the operator wrote.
 */
public record SourcePos(Path file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

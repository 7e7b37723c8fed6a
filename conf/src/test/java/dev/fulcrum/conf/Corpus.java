package dev.fulcrum.conf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The configuration corpus under src/test/resources/corpus: top-level *.conf files only (includes live in *.d). */
public final class Corpus {
    /** The config-id the corpus is written for (keepalived -i). */
    public static final String ID = "lb1";

    private Corpus() {
    }

    public static Path dir(String which) {
        try {
            return Path.of(Corpus.class.getResource("/corpus/" + which).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Path> files(String which) {
        try (Stream<Path> s = Files.list(dir(which))) {
            return s.filter(p -> p.toString().endsWith(".conf") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LoadOptions options() {
        return new LoadOptions(ID, java.util.Map.of(), 1);
    }

    /** A diagnostic printed with the file's name only, as in the .expected files. */
    public static String shortForm(Diagnostic d) {
        return d.pos().file().getFileName() + ":" + d.pos().line() + ":" + d.pos().column() + ": " + d.severity().label() + ": " + d.message();
    }
}

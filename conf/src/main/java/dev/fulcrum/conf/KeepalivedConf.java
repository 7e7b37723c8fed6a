package dev.fulcrum.conf;

import dev.fulcrum.conf.build.ConfigBuilder;
import dev.fulcrum.conf.lex.Preprocessor;
import dev.fulcrum.conf.lex.SourceLine;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.syntax.Parser;
import dev.fulcrum.conf.syntax.Statement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The entry point for reading keepalived.conf. Never throws for bad input: every problem, including an
 * internal failure, comes back as a diagnostic with a position.
 */
public final class KeepalivedConf {
    static final String INTERNAL_ERROR = "internal error while reading the configuration";

    private KeepalivedConf() {
    }

    /** Loads {@code file} and everything it includes. */
    public static ConfResult load(Path file, LoadOptions opts) {
        return run(file, opts, pre -> pre.run(file));
    }

    /** Loads configuration text as if it were the content of {@code file} (includes resolve from its directory). */
    public static ConfResult parse(Path file, String text, LoadOptions opts) {
        return run(file, opts, pre -> pre.runText(file, text));
    }

    private static ConfResult run(Path file, LoadOptions opts, java.util.function.Function<Preprocessor, List<SourceLine>> source) {
        List<Diagnostic> diags = new ArrayList<>();
        Optional<KeepalivedConfig> config = Optional.empty();
        try {
            Preprocessor pre = new Preprocessor(opts, diags);
            List<SourceLine> lines = source.apply(pre);
            List<Statement> tree = Parser.parse(lines, diags);
            config = new ConfigBuilder(diags).build(tree);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            diags.add(Diagnostic.error(new SourcePos(file, 1, 1), INTERNAL_ERROR + ": " + e));
            config = Optional.empty();
        }
        if (diags.stream().anyMatch(Diagnostic::isError)) {
            config = Optional.empty();
        }
        List<Diagnostic> sorted = new ArrayList<>(diags);
        sorted.sort(Comparator.comparing((Diagnostic d) -> d.pos().file().toString())
                .thenComparingInt(d -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
        return new ConfResult(config, sorted);
    }
}

package dev.fulcrum.conf;

import dev.fulcrum.conf.build.ConfigBuilder;
import dev.fulcrum.conf.lex.LineSink;
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
import java.util.function.BiConsumer;

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
        return load(file, opts, null);
    }

    /**
     * As {@link #load(Path, LoadOptions)}, taking unchanged {@code virtual_server} blocks from {@code cache}
     * (the same objects the previous load returned) and leaving this load's in it for the next one. The
     * result is equal to that of a load without a cache; null means none.
     */
    public static ConfResult load(Path file, LoadOptions opts, ReloadCache cache) {
        ConfResult r = stream(file, opts, (pre, lines) -> pre.stream(file, lines), cache);
        return r != null ? r : batch(file, opts, pre -> pre.run(file));
    }

    /** Loads configuration text as if it were the content of {@code file} (includes resolve from its directory). */
    public static ConfResult parse(Path file, String text, LoadOptions opts) {
        return parse(file, text, opts, null);
    }

    /** As {@link #parse(Path, String, LoadOptions)} with a {@link ReloadCache} (see {@link #load(Path, LoadOptions, ReloadCache)}). */
    public static ConfResult parse(Path file, String text, LoadOptions opts, ReloadCache cache) {
        ConfResult r = stream(file, opts, (pre, lines) -> pre.streamText(file, text, lines), cache);
        return r != null ? r : parseBatch(file, text, opts);
    }

    /** The reference path: every line, then the whole tree, then the model. Same result as {@link #parse}. */
    static ConfResult parseBatch(Path file, String text, LoadOptions opts) {
        return batch(file, opts, pre -> pre.runText(file, text));
    }

    /** Thrown out of the stream when the builder needs the batch order; the load starts over. */
    private static final class Restart extends RuntimeException {
        Restart() {
            super(null, null, false, false);
        }
    }

    /**
     * The usual path: lines go from the preprocessor through the parser to the builder as they are read,
     * and each top-level block is built when it closes, so the heap never holds the file's statement tree
     * (a reload of thousands of services stays cheap for a small heap). Returns null when the builder
     * needs the batch order (a {@code global_defs} after a virtual server changed a default it used).
     */
    private static ConfResult stream(Path file, LoadOptions opts, BiConsumer<Preprocessor, LineSink> source, ReloadCache cache) {
        // one list per phase: the batch path reports all of the preprocessor's findings, then the parser's,
        // then the builder's, and the final sort keeps that order between findings at the same position
        List<Diagnostic> pre = new ArrayList<>();
        List<Diagnostic> syntax = new ArrayList<>();
        List<Diagnostic> build = new ArrayList<>();
        Optional<KeepalivedConfig> config = Optional.empty();
        ConfigBuilder builder = new ConfigBuilder(build, true);
        if (cache != null) {
            cache.beginLoad();
        }
        boolean complete = false;
        try {
            Parser parser = new Parser(syntax, s -> {
                builder.accept(s);
                if (builder.needsBatch()) {
                    throw new Restart();
                }
            });
            Preprocessor preprocessor = new Preprocessor(opts, pre);
            UnchangedBlockFilter filter = cache != null ? new UnchangedBlockFilter(parser, builder, syntax, cache, preprocessor::irregularLines) : null;
            source.accept(preprocessor, filter != null ? filter : parser);
            if (filter != null) {
                filter.finish();
            }
            parser.finish();
            if (builder.needsBatch()) {
                return null;
            }
            config = builder.finish();
            complete = true;
        } catch (Restart r) {
            return null;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            builder.abandon();
            build.add(Diagnostic.error(new SourcePos(file, 1, 1), INTERNAL_ERROR + ": " + e));
            config = Optional.empty();
        } finally {
            if (cache != null) {
                // a load that restarts in batch order (or failed) reused nothing: the cache starts over
                if (complete) {
                    cache.endLoad();
                } else {
                    cache.abandonLoad();
                }
            }
        }
        pre.addAll(syntax);
        pre.addAll(build);
        return result(config, pre);
    }

    private static ConfResult batch(Path file, LoadOptions opts, java.util.function.Function<Preprocessor, List<SourceLine>> source) {
        List<Diagnostic> diags = new ArrayList<>();
        Optional<KeepalivedConfig> config = Optional.empty();
        ConfigBuilder builder = new ConfigBuilder(diags);
        try {
            Preprocessor pre = new Preprocessor(opts, diags);
            List<SourceLine> lines = source.apply(pre);
            List<Statement> tree = Parser.parse(lines, diags);
            config = builder.build(tree);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            builder.abandon();
            diags.add(Diagnostic.error(new SourcePos(file, 1, 1), INTERNAL_ERROR + ": " + e));
            config = Optional.empty();
        }
        return result(config, diags);
    }

    private static ConfResult result(Optional<KeepalivedConfig> config, List<Diagnostic> diags) {
        if (diags.stream().anyMatch(Diagnostic::isError)) {
            config = Optional.empty();
        }
        List<Diagnostic> sorted = new ArrayList<>(diags);
        sorted.sort(Comparator.comparing((Diagnostic d) -> d.pos().file().toString())
                .thenComparingInt(d -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
        return new ConfResult(config, sorted);
    }
}

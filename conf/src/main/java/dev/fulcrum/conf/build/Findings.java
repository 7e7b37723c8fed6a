package dev.fulcrum.conf.build;

import dev.fulcrum.conf.Diagnostic;
import dev.fulcrum.conf.SourcePos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The diagnostics sink the builders write to; one per load.
 *
 * <p>A streamed load builds a {@code virtual_server} as soon as its block is read, while a batch load
 * builds every virtual server after the VRRP side is resolved. Both must report the same diagnostics
 * in the same order (the final sort is by position, ties keep the order of report), so every finding
 * is held with the place it has in the batch order - a build stage and the index of the top-level block
 * it belongs to - and {@link #flush()} hands them over in that order.
 */
final class Findings {
    /** Stages in the order the batch build runs them. */
    static final int SHAPE = 1;
    static final int TOP = 2;
    static final int RESOLVE = 3;
    static final int LVS = 5;
    static final int FILE_REFS = 6;
    static final int FINAL = 7;

    private record Held(int stage, int block, int seq, Diagnostic diagnostic) {
    }

    private static final Comparator<Held> ORDER = Comparator.comparingInt(Held::stage).thenComparingInt(Held::block)
            .thenComparingInt(Held::seq);

    private final List<Diagnostic> list;
    private final List<Held> held = new ArrayList<>();
    /** False: findings go straight to the list (single-stage use, tests). */
    private final boolean hold;
    private int stage = TOP;
    private int block;
    private boolean errors;

    Findings(List<Diagnostic> list) {
        this(list, false);
    }

    private Findings(List<Diagnostic> list, boolean hold) {
        this.list = list;
        this.hold = hold;
    }

    /** Findings held in batch order until {@link #flush()}. */
    static Findings ordered(List<Diagnostic> list) {
        return new Findings(list, true);
    }

    /** Findings from now on belong to {@code stage} of top-level block number {@code block}. */
    void at(int stage, int block) {
        this.stage = stage;
        this.block = block;
    }

    /** The current place in batch order, comparable as a number ({@link #at} arguments packed). */
    long place() {
        return ((long) stage << 32) | block;
    }

    void error(SourcePos pos, String message) {
        errors = true;
        add(Diagnostic.error(pos, message));
    }

    void warning(SourcePos pos, String message) {
        add(Diagnostic.warning(pos, message));
    }

    private void add(Diagnostic d) {
        if (hold) {
            held.add(new Held(stage, block, held.size(), d));
        } else {
            list.add(d);
        }
    }

    /** How many findings were made so far (held or handed over): a builder compares counts around a block. */
    int count() {
        return hold ? held.size() : list.size();
    }

    /** Any error so far, held or already handed over (the list may hold earlier phases' findings too). */
    boolean hasErrors() {
        return errors || list.stream().anyMatch(Diagnostic::isError);
    }

    /** Appends the held findings to the list in batch order. */
    void flush() {
        held.sort(ORDER);
        for (Held h : held) {
            list.add(h.diagnostic());
        }
        held.clear();
    }
}

package dev.fulcrum.conf.build;

import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.ParamMatch;
import dev.fulcrum.conf.model.ScriptUser;
import dev.fulcrum.conf.model.TrackFile;
import dev.fulcrum.conf.model.TrackProcess;
import dev.fulcrum.conf.model.VrrpScript;
import dev.fulcrum.conf.syntax.Statement;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads the tracker definitions: {@code vrrp_script}, {@code track_file}, {@code vrrp_track_process}. */
final class TrackerBuilder {
    private final Findings f;
    private final Values v;

    TrackerBuilder(Findings f, Values v) {
        this.f = f;
        this.v = v;
    }

    private Optional<String> name(Statement s) {
        if (s.args().isEmpty()) {
            f.error(s.pos(), "'" + s.name() + "' needs a name");
            return Optional.empty();
        }
        return Optional.of(s.args().get(0).text());
    }

    Optional<VrrpScript> script(Statement block) {
        Optional<String> name = name(block);
        String script = null;
        Optional<Duration> interval = Optional.empty();
        Optional<Duration> timeout = Optional.empty();
        int weight = 0;
        boolean reverse = false;
        int rise = 1;
        int fall = 1;
        Optional<ScriptUser> user = Optional.empty();
        boolean initFail = false;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "script" -> {
                    if (script != null) {
                        f.warning(s.pos(), "vrrp_script: script already set - ignoring this one");
                    } else if (s.args().isEmpty()) {
                        f.error(s.pos(), "'script' needs a command");
                    } else {
                        v.noteScript(s.pos());
                        script = String.join(" ", s.argTexts());
                    }
                }
                case "interval" -> interval = v.timer(s, 0.001, 4294);
                case "timeout" -> timeout = v.timer(s, 0.001, 4294);
                case "weight" -> {
                    Optional<Weight> w = weight(s, 253);
                    if (w.isPresent()) {
                        weight = w.get().value();
                        reverse = w.get().reverse();
                    }
                }
                case "rise" -> rise = v.intValue(s, 1, Integer.MAX_VALUE).orElse(rise);
                case "fall" -> fall = v.intValue(s, 1, Integer.MAX_VALUE).orElse(fall);
                case "user" -> {
                    if (s.args().isEmpty()) {
                        f.error(s.pos(), "'user' needs a user name");
                    } else {
                        user = Optional.of(Values.user(s.args()));
                    }
                }
                case "init_fail" -> initFail = v.flag(s);
                default -> f.warning(s.pos(), Keywords.unknown(s.name(), Keywords.VRRP_SCRIPT));
            }
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (script == null) {
            f.error(block.pos(), "vrrp_script " + name.get() + " has no 'script'");
            return Optional.empty();
        }
        Duration iv = interval.orElse(Duration.ofSeconds(1));
        return Optional.of(new VrrpScript(name.get(), script, iv, timeout.orElse(iv), weight, reverse, rise, fall, user, initFail));
    }

    /** A tracker's {@code weight W [reverse]}. */
    record Weight(int value, boolean reverse) {
    }

    /** {@code weight W [reverse]} within +-limit. */
    Optional<Weight> weight(Statement s, long limit) {
        if (s.args().isEmpty()) {
            f.error(s.pos(), "'weight' needs a value");
            return Optional.empty();
        }
        OptionalLong w = v.integer(s.args().get(0), -limit, limit);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        boolean reverse = false;
        for (Token t : s.args().subList(1, s.args().size())) {
            if (t.text().equals("reverse")) {
                reverse = true;
            } else {
                f.error(t.pos(), "unexpected '" + t.text() + "' after weight (only 'reverse')");
            }
        }
        return Optional.of(new Weight((int) w.getAsLong(), reverse));
    }

    /** The first {@code weight} line of a tracker block; keepalived ignores later ones with a warning. */
    private final class FirstWeight {
        int value;
        boolean reverse;
        private boolean seen;

        FirstWeight(int value) {
            this.value = value;
        }

        void take(Statement s, long limit) {
            if (seen) {
                f.warning(s.pos(), "weight already set - ignoring this one");
                return;
            }
            seen = true;
            Optional<Weight> w = weight(s, limit);
            if (w.isPresent()) {
                value = w.get().value();
                reverse = w.get().reverse();
            }
        }
    }

    Optional<TrackFile> trackFile(Statement block) {
        Optional<String> name = name(block);
        String file = null;
        FirstWeight weight = new FirstWeight(1);
        Optional<Long> init = Optional.empty();
        boolean overwrite = false;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "file" -> {
                    Optional<Token> t = v.arg(s);
                    if (file != null) {
                        f.warning(s.pos(), "track_file: file already set - ignoring this one");
                    } else if (t.isPresent()) {
                        file = t.get().text();
                    }
                }
                case "weight" -> weight.take(s, 254);
                case "init_file" -> {
                    long value = 0;
                    for (Token t : s.args()) {
                        if (t.text().equals("overwrite")) {
                            overwrite = true;
                        } else {
                            OptionalLong x = v.integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE);
                            if (x.isPresent()) {
                                value = x.getAsLong();
                            }
                        }
                    }
                    if (value < -254 || value > 254) {
                        f.warning(s.pos(), "track_file init value " + value + " is outside sensible range [-254, 254]");
                    }
                    init = Optional.of(value);
                }
                default -> f.warning(s.pos(), Keywords.unknown(s.name(), Keywords.TRACK_FILE));
            }
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (file == null) {
            f.error(block.pos(), "track_file " + name.get() + " has no 'file'");
            return Optional.empty();
        }
        return Optional.of(new TrackFile(name.get(), file, weight.value, weight.reverse, init, overwrite));
    }

    Optional<TrackProcess> trackProcess(Statement block) {
        Optional<String> name = name(block);
        String process = null;
        List<String> params = List.of();
        FirstWeight weight = new FirstWeight(0);
        int quorum = 1;
        OptionalInt quorumMax = OptionalInt.empty();
        Duration forkDelay = Duration.ZERO;
        Duration terminateDelay = Duration.ZERO;
        boolean full = false;
        boolean matchSeen = false;
        Optional<ParamMatch> match = Optional.empty();
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "process" -> {
                    if (process != null) {
                        f.warning(s.pos(), "Process already set for track process - ignoring this one");
                    } else if (s.args().isEmpty()) {
                        f.error(s.pos(), "'process' needs a command name");
                    } else {
                        List<String> words = s.argTexts();
                        process = words.get(0);
                        params = List.copyOf(words.subList(1, words.size()));
                    }
                }
                case "weight" -> weight.take(s, 254);
                case "quorum" -> quorum = v.intValue(s, 1, 65535).orElse(quorum);
                case "quorum_max" -> {
                    Optional<Integer> q = v.intValue(s, 0, 65535);
                    if (q.isPresent()) {
                        quorumMax = OptionalInt.of(q.get());
                    }
                }
                case "fork_delay" -> forkDelay = v.timer(s, 0, 3600).orElse(forkDelay);
                case "terminate_delay" -> terminateDelay = v.timer(s, 0, 3600).orElse(terminateDelay);
                case "delay" -> {
                    Optional<Duration> d = v.timer(s, 0, 3600);
                    if (d.isPresent()) {
                        forkDelay = d.get();
                        terminateDelay = d.get();
                    }
                }
                case "full_command" -> full = v.flag(s);
                case "param_match" -> {
                    // keepalived turns full_command on even for a word it rejects
                    matchSeen = true;
                    Optional<ParamMatch> m = paramMatch(s);
                    if (m.isPresent()) {
                        match = m;
                    }
                }
                default -> f.warning(s.pos(), Keywords.unknown(s.name(), Keywords.TRACK_PROCESS));
            }
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (process == null) {
            f.error(block.pos(), "vrrp_track_process " + name.get() + " has no 'process'");
            return Optional.empty();
        }
        if (quorumMax.isPresent() && quorumMax.getAsInt() != 0 && quorumMax.getAsInt() < quorum) {
            f.error(block.pos(), "vrrp_track_process " + name.get() + ": quorum_max " + quorumMax.getAsInt() + " is below quorum " + quorum);
        }
        if (match.isEmpty() && !params.isEmpty()) {
            match = Optional.of(ParamMatch.EXACT);
        }
        full = full || matchSeen || !params.isEmpty();
        return Optional.of(new TrackProcess(name.get(), process, params, weight.value, weight.reverse, quorum, quorumMax,
                forkDelay, terminateDelay, full, match));
    }

    /**
     * {@code param_match [initial|partial]}: bare is EXACT. Another word is ignored with a warning, as
     * keepalived logs it and runs on (a strict check makes it an error, as {@code keepalived -t} does).
     */
    private Optional<ParamMatch> paramMatch(Statement s) {
        if (s.args().isEmpty()) {
            return Optional.of(ParamMatch.EXACT);
        }
        for (Token extra : s.args().subList(1, s.args().size())) {
            f.warning(extra.pos(), "param_match: unexpected '" + extra.text() + "' - ignoring");
        }
        Token t = s.args().get(0);
        return switch (t.text()) {
            case "initial" -> Optional.of(ParamMatch.INITIAL);
            case "partial" -> Optional.of(ParamMatch.PARTIAL);
            default -> {
                f.warning(t.pos(), "Invalid param_match type " + t.text() + " - ignoring (expected initial or partial)");
                yield Optional.empty();
            }
        };
    }

    /** Used for {@code Token} lists of reference blocks. */
    static List<Token> words(Statement s) {
        java.util.ArrayList<Token> w = new java.util.ArrayList<>();
        w.add(s.keyword());
        w.addAll(s.args());
        return w;
    }
}

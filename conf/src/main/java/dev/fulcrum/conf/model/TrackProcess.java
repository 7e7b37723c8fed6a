package dev.fulcrum.conf.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code vrrp_track_process} tracker: a process count compared with a quorum.
 *
 * <p>Values are effective, as keepalived resolves them: arguments without {@code param_match} mean
 * {@link ParamMatch#EXACT}, and arguments or any {@code param_match} line turn {@code fullCommand} on.
 *
 * @param process     the command (the first word of {@code process}): compared with comm, or with argv[0]
 *                    as a whole when {@code fullCommand}
 * @param params      the arguments after the command, one entry per word (a quoted word may hold spaces)
 * @param paramMatch  how {@code params} are compared; empty = arguments are not compared at all
 */
public record TrackProcess(String name, String process, List<String> params, int weight, boolean reverse,
                           int quorum, OptionalInt quorumMax, Duration forkDelay, Duration terminateDelay,
                           boolean fullCommand, Optional<ParamMatch> paramMatch) {
    public TrackProcess {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(process, "process");
        params = List.copyOf(params);
        Objects.requireNonNull(paramMatch, "paramMatch");
    }
}

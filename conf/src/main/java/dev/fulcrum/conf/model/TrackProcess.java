package dev.fulcrum.conf.model;

import java.time.Duration;
import java.util.OptionalInt;

/** A {@code vrrp_track_process} tracker: a process count compared with a quorum. */
public record TrackProcess(String name, String process, int weight, boolean reverse, int quorum,
                           OptionalInt quorumMax, Duration forkDelay, Duration terminateDelay,
                           boolean fullCommand) {
}

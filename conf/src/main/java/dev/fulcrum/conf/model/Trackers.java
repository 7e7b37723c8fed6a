package dev.fulcrum.conf.model;

import java.util.List;

/** Everything an instance or a sync group watches to adjust its priority or go to FAULT. */
public record Trackers(List<TrackedInterface> interfaces, List<TrackedScript> scripts, List<TrackedFile> files,
                       List<TrackedProcess> processes) {
    public static final Trackers NONE = new Trackers(List.of(), List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return interfaces.isEmpty() && scripts.isEmpty() && files.isEmpty() && processes.isEmpty();
    }
}

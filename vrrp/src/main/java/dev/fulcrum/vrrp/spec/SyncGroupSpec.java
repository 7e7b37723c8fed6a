package dev.fulcrum.vrrp.spec;

import java.util.List;

/** A {@code vrrp_sync_group}: members that move together, and the (weighted) trackers of the group. */
public record SyncGroupSpec(String name, List<String> members, List<TrackRef> trackInterfaces,
                            List<TrackRef> trackScripts, List<TrackRef> trackFiles, NotifySpec notifications,
                            List<TrackRef> trackProcesses) {
    public SyncGroupSpec {
        trackProcesses = trackProcesses == null ? List.of() : List.copyOf(trackProcesses);
        members = List.copyOf(members);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        notifications = notifications == null ? NotifySpec.NONE : notifications;
    }

    public SyncGroupSpec(String name, List<String> members, List<TrackRef> trackInterfaces, List<TrackRef> trackScripts,
                         List<TrackRef> trackFiles, NotifySpec notifications) {
        this(name, members, trackInterfaces, trackScripts, trackFiles, notifications, List.of());
    }
}

package dev.fulcrum.conf.model;

import java.util.List;

/** Instances that change state together; a member only becomes MASTER when every member wants to. */
public record VrrpSyncGroup(String name, List<String> members, Trackers trackers, Notifications notifications,
                            boolean smtpAlert, boolean syncGroupTrackingWeight) {
}

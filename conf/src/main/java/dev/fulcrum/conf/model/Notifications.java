package dev.fulcrum.conf.model;

import java.util.Optional;

/** The state-change hooks of an instance or sync group. {@code any} is the generic {@code notify}. */
public record Notifications(Optional<Script> master, Optional<Script> backup, Optional<Script> fault,
                            Optional<Script> stop, Optional<Script> any, Optional<Script> deleted,
                            Optional<Script> masterRxLowerPri, boolean priorityChanges) {
    public static final Notifications NONE = new Notifications(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
}

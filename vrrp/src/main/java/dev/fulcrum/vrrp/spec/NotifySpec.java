package dev.fulcrum.vrrp.spec;

/**
 * Notify commands (null when absent). {@code any} gets "INSTANCE|GROUP name STATE priority" appended,
 * as keepalived's {@code notify} does.
 */
public record NotifySpec(String master, String backup, String fault, String stop, String any, String user) {
    public static final NotifySpec NONE = new NotifySpec(null, null, null, null, null, null);

    public boolean empty() {
        return master == null && backup == null && fault == null && stop == null && any == null;
    }
}

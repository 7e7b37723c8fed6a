package dev.fulcrum.conf.model;

/**
 * How a {@code vrrp_track_process} compares the configured arguments with a running process's, as
 * keepalived does it (its {@code param_match} keyword). Both sides are the arguments after argv[0], each
 * followed by a NUL byte. The names follow keepalived's keywords, and the behaviour follows what keepalived
 * actually does, which reads swapped against the keyword names: {@code initial} is the looser one.
 */
public enum ParamMatch {
    /** Same arguments, same count; with no configured arguments, only a process without arguments. */
    EXACT("exact"),
    /** The configured arguments are the process's first ones, each complete; more may follow. */
    PARTIAL("partial"),
    /** As {@link #PARTIAL}, but the last configured argument may be a prefix of the process's. */
    INITIAL("initial");

    private final String keyword;

    ParamMatch(String keyword) {
        this.keyword = keyword;
    }

    /** The word after {@code param_match} in keepalived.conf ({@code exact} is written as the bare keyword). */
    public String keyword() {
        return keyword;
    }
}

package dev.fulcrum.conf.model;

/** A {@code track_script} entry with the weight resolved (entry weight, else the vrrp_script's). */
public record TrackedScript(String name, int weight, boolean reverse) {
}

package dev.fulcrum.conf.model;

/** A {@code track_process} reference with the weight resolved (entry weight, else the block's). */
public record TrackedProcess(String name, int weight, boolean reverse) {
}

package dev.fulcrum.conf.model;

/** A {@code track_file} reference with the weight resolved (entry weight, else the track_file's). */
public record TrackedFile(String name, int weight, boolean reverse) {
}

package dev.fulcrum.conf.model;

/** A {@code track_interface} entry; weight 0 means "down puts the instance in FAULT". */
public record TrackedInterface(String name, int weight, boolean reverse) {
}

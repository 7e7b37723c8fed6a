package dev.fulcrum.vrrp.spec;

/** A {@code track_file}: an integer in a file, multiplied by the weight (default 1). */
public record TrackFileSpec(String name, String path, int weight, boolean reverse) {
}

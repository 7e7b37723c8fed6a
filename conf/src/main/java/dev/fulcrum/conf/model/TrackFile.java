package dev.fulcrum.conf.model;

import java.util.Optional;

/**
 * A {@code track_file} tracker (an integer read from a file). Default weight is 1, unlike the other
 * trackers.
 *
 * @param initValue {@code init_file VALUE}: written when the file is missing (always with overwrite)
 */
public record TrackFile(String name, String file, int weight, boolean reverse, Optional<Long> initValue,
                        boolean initOverwrite) {
}

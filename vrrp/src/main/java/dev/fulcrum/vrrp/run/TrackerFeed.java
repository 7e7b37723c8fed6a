package dev.fulcrum.vrrp.run;

/**
 * Where a tracker's readings go (1 = up, 0 = down, or a track_file's value). In the service each feed
 * posts to one event loop under the tracker key its {@code TrackerSet} knows ("if:eth0", "script:chk").
 */
@FunctionalInterface
interface TrackerFeed {
    void push(long value);

    static TrackerFeed toLoop(GroupLoop loop, String target, String key) {
        return v -> loop.reading(target, key, v);
    }
}

package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.spec.TrackFileSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows a {@code track_file}'s integer (missing or unreadable = 0) by reading it every 100 ms and
 * reporting changes; cheap, and robust to editors that replace the file rather than write into it.
 */
final class FileTracker implements AutoCloseable {
    private final TrackFileSpec spec;
    private final List<TrackerFeed> feeds;
    private final Thread thread;
    private volatile boolean closed;
    private long last;

    FileTracker(TrackFileSpec spec, List<TrackerFeed> feeds) {
        this.spec = spec;
        this.feeds = List.copyOf(feeds);
        this.last = read();
        this.thread = new Thread(this::run, "vrrp-file-" + spec.name());
        thread.setDaemon(true);
    }

    long initialReading() {
        return last;
    }

    void start() {
        thread.start();
    }

    long read() {
        try {
            String s = Files.readString(Path.of(spec.path())).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s.split("\\s+")[0]);
        } catch (Exception e) {
            return 0;
        }
    }

    private void run() {
        while (!closed) {
            long v = read();
            if (v != last) {
                last = v;
                feeds.forEach(f -> f.push(v));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.machine.ProcessQuorum;
import dev.fulcrum.vrrp.spec.TrackProcessSpec;
import dev.fulcrum.vrrp.spec.TrackProcessSpec.Cmdline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the processes every {@code vrrp_track_process} matches by scanning {@code /proc} (one thread
 * for all trackers), and pushes 1/0 readings once {@link ProcessQuorum} lets a change through. A scan,
 * not the proc connector keepalived uses: it needs no CAP_NET_ADMIN netlink multicast group and no
 * kernel option, at the price of reacting within one scan period ({@code fulcrum.vrrp.processScanMillis},
 * default 200). A process's argument vector is read once per PID and again only when its comm changes
 * (an exec), so a scan costs one small read per process.
 */
final class ProcessTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTracker.class);
    private static final Path PROC = Path.of("/proc");
    private final List<Tracked> tracked = new ArrayList<>();
    private final long periodMillis;
    private final Thread thread;
    private final Map<Integer, Seen> seen = new HashMap<>();
    private volatile boolean closed;

    private record Seen(String comm, Cmdline cmdline) {
    }

    private static final class Tracked {
        final TrackProcessSpec spec;
        final List<TrackerFeed> feeds;
        final byte[] configured;
        ProcessQuorum quorum;
        int count;

        Tracked(TrackProcessSpec spec, List<TrackerFeed> feeds) {
            this.spec = spec;
            this.feeds = List.copyOf(feeds);
            this.configured = spec.paramBytes();
        }
    }

    ProcessTracker(Map<TrackProcessSpec, List<TrackerFeed>> feeds) {
        this.periodMillis = Long.getLong("fulcrum.vrrp.processScanMillis", 200);
        feeds.forEach((s, f) -> tracked.add(new Tracked(s, f)));
        scan();
        long now = System.nanoTime();
        for (Tracked t : tracked) {
            boolean up = t.spec.satisfied(t.count);
            t.quorum = new ProcessQuorum(up, t.count, t.spec.forkDelayMillis() * 1_000_000L,
                    t.spec.terminateDelayMillis() * 1_000_000L);
            LOG.info("Track process {}: {} running, quorum {}", t.spec.name(), t.count, up ? "reached" : "lost");
        }
        this.thread = new Thread(this::run, "vrrp-process-scan");
        thread.setDaemon(true);
    }

    /** The reading each tracker starts with (1 = quorum satisfied). */
    long initialReading(TrackProcessSpec spec) {
        for (Tracked t : tracked) {
            if (t.spec.equals(spec)) {
                return t.quorum.reported() ? 1 : 0;
            }
        }
        return 0;
    }

    /** How many processes matched {@code spec} in the last scan (-1: not tracked). */
    int count(TrackProcessSpec spec) {
        for (Tracked t : tracked) {
            if (t.spec.equals(spec)) {
                return t.count;
            }
        }
        return -1;
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            scan();
            long now = System.nanoTime();
            for (Tracked t : tracked) {
                int r = t.quorum.observe(t.count, t.spec.satisfied(t.count), now);
                if (r >= 0) {
                    LOG.info("Track process {}: {} running, quorum {}", t.spec.name(), t.count, r == 1 ? "reached" : "lost");
                    t.feeds.forEach(f -> f.push(r));
                }
            }
        }
    }

    /** Counts matches for every tracker; reads argv only for new PIDs or after an exec. */
    private void scan() {
        tracked.forEach(t -> t.count = 0);
        Set<Integer> alive = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) {
                    continue;
                }
                int pid;
                try {
                    pid = Integer.parseInt(n);
                } catch (NumberFormatException e) {
                    continue;
                }
                String comm = read(p.resolve("comm"));
                if (comm == null) {
                    continue;
                }
                comm = comm.strip();
                Seen s = seen.get(pid);
                if (s == null || !s.comm().equals(comm)) {
                    byte[] cmdline = bytes(p.resolve("cmdline"));
                    if (cmdline == null) {
                        continue;
                    }
                    s = new Seen(comm, Cmdline.parse(cmdline));
                    seen.put(pid, s);
                }
                alive.add(pid);
                for (Tracked t : tracked) {
                    if (t.spec.matches(s.comm(), s.cmdline(), t.configured)) {
                        t.count++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot scan /proc: {}", e.toString());
        }
        seen.keySet().retainAll(alive);
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            return null; // the process exited between the listing and the read
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // the process exited between the listing and the read
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

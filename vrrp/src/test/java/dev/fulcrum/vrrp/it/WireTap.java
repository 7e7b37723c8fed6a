package dev.fulcrum.vrrp.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A tcpdump on one namespace's eth0 that keeps, live, the kernel receive/send timestamps of the VRRP
 * adverts and ARP frames of the benchmark lab. Exists so the failover benchmark can fire its trigger
 * at a chosen phase of the master's advert cycle, and so it can time the backup's first GARP on the
 * wire, which the client probe's 10 ms polling cannot resolve. Timestamps are the kernel's
 * (CLOCK_REALTIME, µs), so a starved tcpdump delays when a frame is seen, never its time.
 */
final class WireTap implements AutoCloseable {
    /** What a captured frame was, as far as the benchmark cares. */
    enum Kind { ADVERT_LB1, ADVERT_LB1_PRIO0, ADVERT_LB2, ARP_LB2_VIP, OTHER }

    record Frame(long micros, Kind kind) {
    }

    private static final String LB2_MAC = "02:99:00:00:00:12";
    private final Process process;
    private final List<Frame> frames = new ArrayList<>();
    private final Thread reader;

    private WireTap(Process process, Path log) throws IOException {
        this.process = process;
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII)); out) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println(line);
                    Frame f = parse(line);
                    if (f != null) {
                        synchronized (frames) {
                            frames.add(f);
                        }
                    }
                }
            } catch (IOException e) {
                // tcpdump ended
            }
        }, "wiretap");
        reader.setDaemon(true);
        reader.start();
    }

    /** tcpdump in {@code netns}, on eth0, VRRP and ARP only, every frame handed over at once. */
    static WireTap start(String netns, Path log) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", netns, "tcpdump", "-i", "eth0", "-n", "-l", "-e", "-tt",
                "--immediate-mode", "ip proto 112 or arp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new WireTap(p, log);
    }

    static Frame parse(String line) {
        int sp = line.indexOf(' ');
        if (sp < 0 || !line.substring(0, sp).matches("\\d+\\.\\d{6}")) {
            return null;
        }
        String[] ts = line.substring(0, sp).split("\\.");
        long micros = Long.parseLong(ts[0]) * 1_000_000L + Long.parseLong(ts[1]);
        Kind k = Kind.OTHER;
        if (line.contains("VRRP") && line.contains("10.99.0.11 > ")) {
            k = line.contains("prio 0,") ? Kind.ADVERT_LB1_PRIO0 : Kind.ADVERT_LB1;
        } else if (line.contains("VRRP") && line.contains("10.99.0.12 > ")) {
            k = Kind.ADVERT_LB2;
        } else if (line.contains("ARP") && line.startsWith(LB2_MAC, sp + 1) && line.contains(NetnsLab.VIP + " ")) {
            k = Kind.ARP_LB2_VIP;
        }
        return new Frame(micros, k);
    }

    /** The latest frame of that kind, if any. */
    OptionalLong latest(Kind kind) {
        synchronized (frames) {
            for (int i = frames.size() - 1; i >= 0; i--) {
                if (frames.get(i).kind() == kind) {
                    return OptionalLong.of(frames.get(i).micros());
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The last frame of one of the kinds at or before {@code micros}. */
    OptionalLong lastAtOrBefore(long micros, Kind... kinds) {
        synchronized (frames) {
            for (int i = frames.size() - 1; i >= 0; i--) {
                Frame f = frames.get(i);
                if (f.micros() <= micros && List.of(kinds).contains(f.kind())) {
                    return OptionalLong.of(f.micros());
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The first frame of that kind after {@code micros}. */
    OptionalLong firstAfter(long micros, Kind kind) {
        synchronized (frames) {
            for (Frame f : frames) {
                if (f.micros() > micros && f.kind() == kind) {
                    return OptionalLong.of(f.micros());
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Frames of that kind within [from, to]. */
    long count(Kind kind, long from, long to) {
        synchronized (frames) {
            return frames.stream().filter(f -> f.kind() == kind && f.micros() >= from && f.micros() <= to).count();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor();
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

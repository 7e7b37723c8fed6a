package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.rtnl.Link;
import dev.fulcrum.net.rtnl.RouteNetlink;
import dev.fulcrum.net.rtnl.RtnlEvent;
import dev.fulcrum.net.rtnl.RtnlEventStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows rtnetlink link events and turns them into interface tracker readings (1 = up with carrier).
 * Event-driven, so a link going down faults its instances within milliseconds (keepalived: 3–5 ms),
 * instead of waiting for the peer's Master_Down_Interval. On event loss it re-reads every link.
 */
final class LinkMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);
    private final Map<String, List<TrackerFeed>> feeds;
    private final RtnlEventStream events;
    private final Thread thread;
    private volatile boolean closed;

    LinkMonitor(Map<String, List<TrackerFeed>> feedsByIfname) {
        this.feeds = Map.copyOf(feedsByIfname);
        this.events = RtnlEventStream.open(); // subscribe before the initial read: no event is lost in between
        pushAll();
        this.thread = new Thread(this::run, "vrrp-link-monitor");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    static long reading(Link l) {
        return l.up() && l.lowerUp() ? 1 : 0;
    }

    private void pushAll() {
        List<String> seen = new ArrayList<>();
        try (RouteNetlink rtnl = RouteNetlink.open()) {
            for (Link l : rtnl.links()) {
                seen.add(l.name());
                for (TrackerFeed f : feeds.getOrDefault(l.name(), List.of())) {
                    f.push(reading(l));
                }
            }
        }
        for (Map.Entry<String, List<TrackerFeed>> e : feeds.entrySet()) {
            if (!seen.contains(e.getKey())) {
                LOG.warn("WARNING - interface {} for vrrp_instance doesn't exist", e.getKey());
                e.getValue().forEach(f -> f.push(0));
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                for (RtnlEvent ev : events.poll(200)) {
                    if (ev instanceof RtnlEvent.LinkChanged lc) {
                        List<TrackerFeed> fs = feeds.get(lc.link().name());
                        if (fs != null) {
                            long v = lc.removed() ? 0 : reading(lc.link());
                            fs.forEach(f -> f.push(v));
                        }
                    } else if (ev instanceof RtnlEvent.Overflow) {
                        LOG.warn("netlink link events lost; re-reading links");
                        pushAll();
                    }
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("link monitor: {}", e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}

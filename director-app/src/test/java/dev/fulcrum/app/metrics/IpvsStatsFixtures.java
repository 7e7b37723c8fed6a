package dev.fulcrum.app.metrics;

import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Stats;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Synthetic kernel tables for the IPVS stats tests and benchmark, and access to the per-meter mode. */
public final class IpvsStatsFixtures {
    private IpvsStatsFixtures() {
    }

    /** One meter per series even on a Prometheus registry: the behaviour before the scrape-time collector. */
    public static IpvsStatsMetrics perMeter(MeterRegistry registry) {
        return new IpvsStatsMetrics(registry, false);
    }

    /**
     * {@code services} TCP services on 10.x.y.z:80, each with {@code servers} real servers on 172.16.x.y:8080,
     * counters derived from {@code seed} so that two seeds give different values for every series.
     */
    public static KernelTable table(int services, int servers, long seed) {
        List<ServiceEntry> svcs = new ArrayList<>();
        Map<ServiceKey, List<DestinationEntry>> dests = new HashMap<>();
        for (int s = 0; s < services; s++) {
            ServiceKey key = ServiceKey.of(Protocol.TCP, v4(10, s), 80);
            svcs.add(new ServiceEntry(Service.of(key, "wrr"), stats(seed + s * 1000L)));
            List<DestinationEntry> l = new ArrayList<>();
            for (int r = 0; r < servers; r++) {
                int n = s * servers + r;
                l.add(new DestinationEntry(Destination.of(v4(172, 16 * 65536 + n), 8080, ForwardMethod.ROUTE, 1),
                        (int) (seed + r) % 50, (int) (seed + 2 * r) % 70, 0, stats(seed + n * 7L + 3)));
            }
            dests.put(key, l);
        }
        return KernelTable.of(svcs, dests);
    }

    /** A mixed table: IPv4 TCP, IPv6 UDP and fwmark services, one with no destinations. */
    public static KernelTable mixed(long seed) {
        ServiceKey tcp = ServiceKey.of(Protocol.TCP, addr("192.0.2.100"), 80);
        ServiceKey udp6 = ServiceKey.of(Protocol.UDP, addr("2001:db8::53"), 53);
        ServiceKey fwm = ServiceKey.fwmark(7, AddressFamily.INET);
        ServiceKey empty = ServiceKey.of(Protocol.TCP, addr("192.0.2.101"), 443);
        List<ServiceEntry> svcs = List.of(new ServiceEntry(Service.of(tcp, "wrr"), stats(seed)),
                new ServiceEntry(Service.of(udp6, "rr"), stats(seed + 11)), new ServiceEntry(Service.of(fwm, "wlc"), stats(seed + 23)),
                new ServiceEntry(Service.of(empty, "rr"), Stats.ZERO));
        Map<ServiceKey, List<DestinationEntry>> dests = Map.of(
                tcp, List.of(dest("192.0.2.11", 80, 3, 5, stats(seed + 1)), dest("192.0.2.12", 80, 0, 1, stats(seed + 2))),
                udp6, List.of(dest("2001:db8::11", 53, 0, 9, stats(seed + 12))),
                fwm, List.of(dest("192.0.2.21", 0, 4, 0, stats(seed + 24))));
        return KernelTable.of(svcs, dests);
    }

    static DestinationEntry dest(String ip, int port, int active, int inactive, Stats s) {
        return new DestinationEntry(Destination.of(addr(ip), port, ForwardMethod.ROUTE, 1), active, inactive, 0, s);
    }

    /** Distinct counters; bytes beyond 2^32 as on a busy director. */
    static Stats stats(long b) {
        return new Stats(b + 1, b * 10 + 2, b * 9 + 3, (b << 33) + 4, (b << 34) + 5, 0, 0, 0, 0, 0);
    }

    private static InetAddress v4(int first, int rest) {
        return addr(first + "." + ((rest >> 16) & 255) + "." + ((rest >> 8) & 255) + "." + (rest & 255));
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}

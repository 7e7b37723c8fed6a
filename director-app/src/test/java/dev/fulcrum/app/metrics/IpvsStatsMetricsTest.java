package dev.fulcrum.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceEntry;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Stats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IpvsStatsMetricsTest {
    private static final String TCP_RS = "{real_server=\"192.0.2.11:80\",service=\"TCP 192.0.2.100:80\"}";

    /** The text an operator scrapes, IPVS series only, in exposition order. */
    private static String ipvsText(PrometheusMeterRegistry reg) {
        return reg.scrape().lines().filter(l -> l.contains("fulcrum_ipvs_")).collect(Collectors.joining("\n"));
    }

    private static String sorted(String text) {
        return text.lines().sorted().collect(Collectors.joining("\n"));
    }

    @Test
    void scrapeTimeCollectorWritesExactlyWhatPerSeriesMetersWrote() {
        PrometheusMeterRegistry before = DirectorMetrics.newRegistry();
        PrometheusMeterRegistry after = DirectorMetrics.newRegistry();
        IpvsStatsMetrics old = IpvsStatsFixtures.perMeter(before);
        IpvsStatsMetrics now = new IpvsStatsMetrics(after);
        for (KernelTable t : List.of(IpvsStatsFixtures.mixed(5), IpvsStatsFixtures.table(3, 4, 1000))) {
            old.update(t);
            now.update(t);
            String want = ipvsText(before);
            assertTrue(want.contains("# TYPE fulcrum_ipvs_realserver_bytes_total counter"), want);
            assertEquals(sorted(want), sorted(ipvsText(after)));
        }
        assertTrue(old.meterCount() > 0);
        assertEquals(0, now.meterCount());
        assertEquals(0, after.getMeters().size(), "no Micrometer meter per series");
    }

    @Test
    void valuesNamesAndHelpAsOperatorsScrapeThem() {
        PrometheusMeterRegistry reg = DirectorMetrics.newRegistry();
        IpvsStatsMetrics m = new IpvsStatsMetrics(reg);
        assertEquals("", ipvsText(reg), "no series before the first read-back");
        m.update(IpvsStatsFixtures.mixed(5));
        String text = reg.scrape();
        // stats(6) for 192.0.2.11: connections 7, packets in 62 / out 57, bytes (6<<33)+4 / (6<<34)+5; active 3, inactive 5
        assertTrue(text.contains("# HELP fulcrum_ipvs_realserver_connections_total connections scheduled counted by the kernel"), text);
        assertTrue(text.contains("# TYPE fulcrum_ipvs_realserver_connections_total counter"), text);
        assertTrue(text.contains("fulcrum_ipvs_realserver_connections_total" + TCP_RS + " 7.0"), text);
        assertTrue(text.contains("fulcrum_ipvs_realserver_packets_total{direction=\"in\",real_server=\"192.0.2.11:80\",service=\"TCP 192.0.2.100:80\"} 62.0"), text);
        assertTrue(text.contains("fulcrum_ipvs_realserver_bytes_total{direction=\"out\",real_server=\"192.0.2.11:80\",service=\"TCP 192.0.2.100:80\"} "
                + (double) ((6L << 34) + 5)), text);
        assertTrue(text.contains("# TYPE fulcrum_ipvs_realserver_active_connections gauge"), text);
        assertTrue(text.contains("fulcrum_ipvs_realserver_active_connections" + TCP_RS + " 3.0"), text);
        assertTrue(text.contains("fulcrum_ipvs_realserver_inactive_connections" + TCP_RS + " 5.0"), text);
        assertTrue(text.contains("fulcrum_ipvs_service_connections_total{service=\"TCP 192.0.2.100:80\"} 6.0"), text);
        assertTrue(text.contains("fulcrum_ipvs_service_bytes_total{direction=\"in\",service=\"UDP [2001:db8::53]:53\"} "), text);
        assertTrue(text.contains("fulcrum_ipvs_realserver_connections_total{real_server=\"2001:db8:0:0:0:0:0:11:53\",service=\"UDP [2001:db8::53]:53\"}"), text);
        assertTrue(text.contains("fulcrum_ipvs_service_connections_total{service=\"FWM 7\"} 29.0"), text);
        assertTrue(text.contains("fulcrum_ipvs_service_connections_total{service=\"TCP 192.0.2.101:443\"} 0.0"), text);
    }

    /** Per mode: a server's series vanish with it, and a re-added server shows the kernel's new (reset) counters. */
    @Test
    void seriesFollowTheKernelWhenObjectsDisappearAndReappear() {
        for (Function<PrometheusMeterRegistry, IpvsStatsMetrics> mode : List.<Function<PrometheusMeterRegistry, IpvsStatsMetrics>>of(
                IpvsStatsMetrics::new, IpvsStatsFixtures::perMeter)) {
            PrometheusMeterRegistry reg = DirectorMetrics.newRegistry();
            IpvsStatsMetrics m = mode.apply(reg);
            m.update(tcpService(List.of(IpvsStatsFixtures.dest("192.0.2.11", 80, 1, 2, stats(500)))));
            assertTrue(reg.scrape().contains("fulcrum_ipvs_realserver_connections_total" + TCP_RS + " 500.0"));
            m.update(tcpService(List.of()));
            String gone = reg.scrape();
            assertFalse(gone.contains("real_server=\"192.0.2.11:80\""), gone);
            assertTrue(gone.contains("fulcrum_ipvs_service_connections_total{service=\"TCP 192.0.2.100:80\"} 9.0"), gone);
            m.update(tcpService(List.of(IpvsStatsFixtures.dest("192.0.2.11", 80, 0, 0, stats(4)))));
            assertTrue(reg.scrape().contains("fulcrum_ipvs_realserver_connections_total" + TCP_RS + " 4.0"), "kernel's value, not the old maximum");
            m.update(KernelTable.empty());
            assertEquals("", ipvsText(reg));
            m.update(null); // no read-back: keep what was published
            assertEquals("", ipvsText(reg));
        }
    }

    @Test
    void closeWithdrawsTheSeriesAndANonPrometheusRegistryGetsMeters() {
        PrometheusMeterRegistry reg = DirectorMetrics.newRegistry();
        IpvsStatsMetrics m = new IpvsStatsMetrics(reg);
        m.update(IpvsStatsFixtures.mixed(1));
        assertFalse(ipvsText(reg).isEmpty());
        m.close();
        assertEquals("", ipvsText(reg));

        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        IpvsStatsMetrics s = new IpvsStatsMetrics(simple);
        s.update(IpvsStatsFixtures.mixed(5));
        assertEquals(7.0, simple.get("fulcrum.ipvs.realserver.connections").tags("real_server", "192.0.2.11:80").functionCounter().count());
        assertEquals(4 * 5 + 4 * 7, s.meterCount());
        s.update(KernelTable.empty());
        assertEquals(0, simple.getMeters().size());
    }

    private static Stats stats(long connections) {
        return new Stats(connections, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static KernelTable tcpService(List<DestinationEntry> dests) {
        ServiceKey k = ServiceKey.of(Protocol.TCP, IpvsStatsFixtures.addr("192.0.2.100"), 80);
        return KernelTable.of(List.of(new ServiceEntry(Service.of(k, "rr"), stats(9))), Map.of(k, dests));
    }
}

package dev.fulcrum.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class RealServerSeriesTest {
    private static final String VS = "[192.0.2.100]:tcp:80";

    @Test
    void prometheusScrapeCarriesTheCurrentValuesAndForgetsDroppedServers() {
        PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RealServerSeries s = new RealServerSeries(prom);
        s.put("a", VS, "192.0.2.11:80", true, 3);
        s.put("b", VS, "192.0.2.12:80", false, 0);
        String text = prom.scrape();
        assertTrue(text.contains("fulcrum_realserver_up{real_server=\"192.0.2.11:80\",virtual_server=\"" + VS + "\"} 1.0"), text);
        assertTrue(text.contains("fulcrum_realserver_weight{real_server=\"192.0.2.11:80\",virtual_server=\"" + VS + "\"} 3.0"), text);
        assertTrue(text.contains("fulcrum_realserver_up{real_server=\"192.0.2.12:80\",virtual_server=\"" + VS + "\"} 0.0"), text);
        s.put("a", VS, "192.0.2.11:80", false, 0);
        s.remove("b");
        text = prom.scrape();
        assertTrue(text.contains("fulcrum_realserver_up{real_server=\"192.0.2.11:80\",virtual_server=\"" + VS + "\"} 0.0"), text);
        assertFalse(text.contains("192.0.2.12:80"), text);
        assertTrue(prom.getMeters().isEmpty(), "no Micrometer meter per server on a Prometheus registry");
    }

    @Test
    void otherRegistriesGetOneGaugePairPerServerRemovedWithIt() {
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        RealServerSeries s = new RealServerSeries(reg);
        s.put("a", VS, "192.0.2.11:80", true, 5);
        assertEquals(1.0, reg.get("fulcrum.realserver.up").tag("real_server", "192.0.2.11:80").gauge().value());
        assertEquals(5.0, reg.get("fulcrum.realserver.weight").tag("real_server", "192.0.2.11:80").gauge().value());
        s.remove("a");
        assertNull(reg.find("fulcrum.realserver.up").gauge());
    }

    @Test
    void transitionsAreCountedPerDirectionAndLeaveWithTheirServer() {
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        RealServerSeries s = new RealServerSeries(reg);
        s.put("a", VS, "192.0.2.11:80", true, 1);
        s.put("b", VS, "192.0.2.12:80", true, 1);
        s.transition("a", VS, "192.0.2.11:80", false);
        s.transition("a", VS, "192.0.2.11:80", true);
        s.transition("a", VS, "192.0.2.11:80", false);
        s.transition("b", VS, "192.0.2.12:80", false);
        assertEquals(2.0, reg.get("fulcrum.realserver.transitions").tag("real_server", "192.0.2.11:80").tag("to", "down").counter().count());
        assertEquals(1.0, reg.get("fulcrum.realserver.transitions").tag("real_server", "192.0.2.11:80").tag("to", "up").counter().count());
        s.remove("a");
        assertTrue(reg.find("fulcrum.realserver.transitions").tag("real_server", "192.0.2.11:80").counters().isEmpty());
        assertEquals(1.0, reg.get("fulcrum.realserver.transitions").tag("real_server", "192.0.2.12:80").counter().count());
    }
}

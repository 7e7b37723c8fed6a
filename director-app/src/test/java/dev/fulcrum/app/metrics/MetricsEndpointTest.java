package dev.fulcrum.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    @Test
    void servesPrometheusTextOnLoopbackWithCounterValues() throws Exception {
        PrometheusMeterRegistry reg = DirectorMetrics.newRegistry();
        DirectorMetrics.bindProcessMetrics(reg);
        Counter.builder("fulcrum.reloads").tag("result", "success").register(reg).increment(3);
        try (MetricsEndpoint ep = MetricsEndpoint.start(ListenAddress.parse("127.0.0.1:0"), "/metrics", reg)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + ep.address().getPort();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(r.body().contains("fulcrum_reloads_total{result=\"success\"} 3.0"), r.body());
            assertTrue(r.body().contains("jvm_memory_used_bytes"), "JVM binders present");
            assertTrue(r.body().contains("process_files_open_files"), "process binders present");
            HttpResponse<String> nf = http.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, nf.statusCode());
        }
    }

    @Test
    void listenAddressForms() {
        assertEquals(new ListenAddress("", 9165), ListenAddress.parse(":9165"));
        assertEquals(new ListenAddress("127.0.0.1", 80), ListenAddress.parse("127.0.0.1:80"));
        assertEquals(new ListenAddress("::1", 9165), ListenAddress.parse("[::1]:9165"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("9165"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(":99999"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(":http"));
    }
}

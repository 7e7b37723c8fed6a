package dev.fulcrum.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Prometheus text exposition at {@code metrics.path}. The JDK's HTTP server is enough for a
 * scrape every few seconds and keeps the director free of a web stack; one worker thread, so a slow
 * scraper can never take CPU from VRRP.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
    private final HttpServer server;
    private final ExecutorService worker;

    private MetricsEndpoint(HttpServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
    }

    public static MetricsEndpoint start(ListenAddress listen, String path, PrometheusMeterRegistry registry) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(listen.socketAddress(), 16);
        } catch (IOException e) {
            throw new IOException("metrics endpoint " + listen.host() + ":" + listen.port() + ": " + e.getMessage(), e);
        }
        server.createContext(path, ex -> serve(ex, path, registry));
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.start();
        log.info("metrics endpoint listening on {}{}", server.getAddress(), path);
        return new MetricsEndpoint(server, worker);
    }

    private static void serve(HttpExchange ex, String path, PrometheusMeterRegistry registry) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals(path)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}

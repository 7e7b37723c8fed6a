package dev.fulcrum.app.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.app.ClientCertTlsServer;
import dev.fulcrum.conf.ReloadCache;
import dev.fulcrum.conf.model.KeepalivedConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that changes only the SSL block reaches the SSL_GET checkers although every virtual server
 * comes back from the reload cache as the same object: against openssl s_server requiring a client
 * certificate, the server comes up once the block gives it one.
 */
class CheckerHealthEdgeSslTest {
    @TempDir
    Path dir;

    @Test
    void anSslOnlyReloadRebuildsTheSslCheckers() throws Exception {
        ClientCertTlsServer server = ClientCertTlsServer.start(dir, null);
        int port = server.port();
        BlockingQueue<DirectorEvent> events = new LinkedBlockingQueue<>();
        CheckerHealthEdge edge = new CheckerHealthEdge(new SimpleMeterRegistry(), events::add);
        try {
            String vs = "virtual_server 127.0.0.1 443 {\n delay_loop 1\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n real_server 127.0.0.1 "
                    + port + " {\n  SSL_GET {\n   url {\n    path /\n   }\n   connect_timeout 2\n   alpha\n  }\n }\n}\n";
            ReloadCache cache = new ReloadCache();
            KeepalivedConfig without = ConfigText.load(dir, cache, vs);
            edge.start(without);
            // alpha: down from the start, and without a client certificate it stays down
            DirectorEvent first = events.poll(4, TimeUnit.SECONDS);
            assertTrue(first == null || (first instanceof DirectorEvent.ServerHealth h && !h.alive()), String.valueOf(first));

            KeepalivedConfig with = ConfigText.load(dir, cache, vs + "SSL {\n certificate client.pem\n key client-key.pem\n}\n");
            assertTrue(with.virtualServers().get(0) == without.virtualServers().get(0), "the service itself came from the cache");
            edge.reconfigure(with);
            DirectorEvent.ServerHealth up = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (up == null && System.nanoTime() < end) {
                DirectorEvent e = events.poll(500, TimeUnit.MILLISECONDS);
                if (e instanceof DirectorEvent.ServerHealth h && h.alive()) {
                    up = h;
                }
            }
            assertTrue(up != null, "the SSL_GET checker was rebuilt with the client certificate and came up");
        } finally {
            edge.close();
            server.close();
        }
    }
}

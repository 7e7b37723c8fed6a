package dev.fulcrum.healthcheck.check;

import static dev.fulcrum.healthcheck.check.Specs.https;
import static dev.fulcrum.healthcheck.check.Specs.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSL_GET against openssl s_server, and against a Netty TLS server that records SNI or drops the handshake. */
@Tag("netns")
class SslGetCheckIT {
    static NettyCheckers runtime;
    @TempDir
    static Path dir;
    static LoopbackFixtures.Cert cert;
    static SslContext serverTls;

    @BeforeAll
    static void start() throws Exception {
        runtime = new NettyCheckers(2);
        cert = LoopbackFixtures.cert(dir);
        serverTls = SslContextBuilder.forServer(cert.cert().toFile(), cert.key().toFile()).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static CheckOutcome once(CheckerSpec spec) throws Exception {
        return runtime.create(spec).run(Checker.ALL_STEPS).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static String reason(CheckOutcome o) {
        return o instanceof CheckOutcome.Failure f ? f.reason() : "ok";
    }

    static CheckerSpec.Tls tls(boolean sni, String name, boolean verify, Path ca) {
        return new CheckerSpec.Tls(sni, Optional.ofNullable(name), verify, Optional.ofNullable(ca));
    }

    @Test
    void opensslServerWithSelfSignedCertificateIsUpBecauseVerificationIsOffByDefault() throws Exception {
        try (LoopbackFixtures.External s = LoopbackFixtures.opensslServer(dir)) {
            CheckOutcome o = once(https(s.port(), 3000, CheckerSpec.Tls.KEEPALIVED_DEFAULT, url("/", null)));
            assertTrue(o.ok(), reason(o));
            CheckOutcome verified = once(https(s.port(), 3000, tls(true, "health.test", true, null), url("/", null)));
            assertTrue(reason(verified).startsWith("tls"), "untrusted chain fails when verification is on: " + reason(verified));
        }
    }

    @Test
    void verificationWithTheRightAnchorAndNamePassesAndAWrongNameFails() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK, "127.0.0.1", serverTls, null)) {
            CheckOutcome ok = once(https(s.port(), 3000, tls(true, "health.test", true, cert.cert()), url("/", null)));
            assertTrue(ok.ok(), reason(ok));
            CheckOutcome wrong = once(https(s.port(), 3000, tls(true, "other.test", true, cert.cert()), url("/", null)));
            assertTrue(reason(wrong).startsWith("tls"), reason(wrong));
        }
    }

    @Test
    void sniIsSentOnlyWhenEnabled() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK, "127.0.0.1", serverTls, n -> seen.add(String.valueOf(n)))) {
            assertTrue(once(https(s.port(), 3000, tls(true, "api.example.net", false, null), url("/", null))).ok());
            assertTrue(once(https(s.port(), 3000, tls(false, "api.example.net", false, null), url("/", null))).ok());
            assertEquals(List.of("api.example.net", "null"), seen);
        }
    }

    @Test
    void tlsDroppedHalfwayIsOneFailedCheckAndNoOpenConnection() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.TLS_DROP)) {
            CheckOutcome o = once(https(s.port(), 3000, CheckerSpec.Tls.KEEPALIVED_DEFAULT, url("/", null)));
            assertFalse(o.ok());
            assertTrue(reason(o).startsWith("tls"), reason(o));
            HttpGetCheckIT.waitClosed(s);
        }
    }

    @Test
    void tlsServerThatAnswers503() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.STATUS_503, "127.0.0.1", serverTls, null)) {
            assertEquals("status 503", reason(once(https(s.port(), 3000, CheckerSpec.Tls.KEEPALIVED_DEFAULT, url("/", null)))));
        }
    }
}

package dev.fulcrum.healthcheck.check;

import static dev.fulcrum.healthcheck.check.Specs.https;
import static dev.fulcrum.healthcheck.check.Specs.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.SslClientSettings;
import dev.fulcrum.healthcheck.conf.CheckPlanFromConfig;
import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.lab.TlsCertificates;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSL_GET with the global SSL block against real TLS servers on loopback: two CAs made with the openssl
 * CLI, a server that requires a client certificate signed by CA A, and servers presenting a certificate
 * from A or from B. The configuration goes through the conf loader and {@link CheckPlanFromConfig}, as
 * in the director.
 */
@Tag("netns")
class SslClientBlockIT {
    static final String PASSWORD = "it pass phrase";
    static NettyCheckers runtime;
    @TempDir
    static Path dir;
    static SslContext requiresClientFromA;
    static SslContext serverCertFromA;
    static SslContext serverCertFromB;

    @BeforeAll
    static void start() throws Exception {
        runtime = new NettyCheckers(2);
        TlsCertificates.ca(dir, "caA", "/CN=caA");
        TlsCertificates.ca(dir, "caB", "/CN=caB");
        TlsCertificates.signed(dir, "server-a", "caA", "/CN=rs.test", null);
        TlsCertificates.signed(dir, "server-b", "caB", "/CN=rs.test", null);
        TlsCertificates.signed(dir, "client-a", "caA", "/CN=director.test", PASSWORD);
        TlsCertificates.signed(dir, "client-b", "caB", "/CN=director.test", null);
        requiresClientFromA = SslContextBuilder.forServer(dir.resolve("server-a.pem").toFile(), dir.resolve("server-a-key.pem").toFile())
                .trustManager(dir.resolve("caA.pem").toFile()).clientAuth(ClientAuth.REQUIRE).build();
        serverCertFromA = SslContextBuilder.forServer(dir.resolve("server-a.pem").toFile(), dir.resolve("server-a-key.pem").toFile()).build();
        serverCertFromB = SslContextBuilder.forServer(dir.resolve("server-b.pem").toFile(), dir.resolve("server-b-key.pem").toFile()).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** The SSL_GET spec of a one-service configuration with {@code ssl} as its SSL block (empty: none). */
    static CheckerSpec fromConfig(int port, String ssl) throws Exception {
        String text = "virtual_server 127.0.0.1 " + port + " {\n delay_loop 5\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
                + " real_server 127.0.0.1 " + port + " {\n  SSL_GET {\n   url {\n    path /\n   }\n   connect_timeout 3\n  }\n }\n}\n"
                + (ssl.isEmpty() ? "" : "SSL {\n" + ssl + "}\n");
        Path conf = Files.writeString(dir.resolve("keepalived-" + port + ".conf"), text);
        ConfResult r = KeepalivedConf.load(conf, LoadOptions.forId("lb1"));
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        KeepalivedConfig c = r.config().orElseThrow();
        return CheckPlanFromConfig.plan(c).servers().get(0).checkers().get(0);
    }

    static String clientA() {
        return " password \"" + PASSWORD + "\"\n certificate client-a.pem\n key client-a-key.pem\n";
    }

    static CheckOutcome once(NettyCheckers n, CheckerSpec spec) throws Exception {
        return n.create(spec).run(Checker.ALL_STEPS).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static String reason(CheckOutcome o) {
        return o instanceof CheckOutcome.Failure f ? f.reason() : "ok";
    }

    @Test
    void theClientCertificateOfTheSslBlockOpensAServerThatRequiresOne() throws Exception {
        try (HostileServer s = new HostileServer(HostileServer.Mode.OK, "127.0.0.1", requiresClientFromA, null)) {
            CheckOutcome up = once(runtime, fromConfig(s.port(), clientA()));
            assertTrue(up.ok(), reason(up));

            CheckOutcome none = once(runtime, fromConfig(s.port(), ""));
            assertFalse(none.ok());
            // the JDK server sends bad_certificate, OpenSSL's certificate_required: both name the client certificate
            assertTrue(reason(none).startsWith("tls: server ") && reason(none).contains("client certificate (alert "), reason(none));

            CheckOutcome otherCa = once(runtime, fromConfig(s.port(), " certificate client-b.pem\n key client-b-key.pem\n"));
            assertFalse(otherCa.ok());
            assertTrue(reason(otherCa).startsWith("tls: server ") && reason(otherCa).contains("client certificate (alert "), reason(otherCa));
        }
    }

    @Test
    void aCaInTheBlockDoesNotFailAServerCertificateOfAnotherCaAsInKeepalived() throws Exception {
        try (HostileServer fromB = new HostileServer(HostileServer.Mode.OK, "127.0.0.1", serverCertFromB, null)) {
            CheckOutcome withCa = once(runtime, fromConfig(fromB.port(), " ca caA.pem\n"));
            assertTrue(withCa.ok(), "keepalived loads the ca but never verifies the peer: " + reason(withCa));
            CheckOutcome withoutCa = once(runtime, fromConfig(fromB.port(), ""));
            assertTrue(withoutCa.ok(), reason(withoutCa));
        }
    }

    @Test
    void withVerificationOnTheBlocksCaDecides() throws Exception {
        CheckerSpec.Http base = (CheckerSpec.Http) fromConfig(1, " ca caA.pem\n");
        SslClientSettings block = base.tls().client();
        CheckerSpec.Tls verify = new CheckerSpec.Tls(false, Optional.empty(), true, Optional.empty(), block);
        try (HostileServer fromA = new HostileServer(HostileServer.Mode.OK, "127.0.0.1", serverCertFromA, null);
             HostileServer fromB = new HostileServer(HostileServer.Mode.OK, "127.0.0.1", serverCertFromB, null)) {
            CheckOutcome trusted = once(runtime, https(fromA.port(), 3000, verify, url("/", null)));
            assertTrue(trusted.ok(), reason(trusted));
            CheckOutcome foreign = once(runtime, https(fromB.port(), 3000, verify, url("/", null)));
            assertEquals("tls: server certificate not trusted (no chain to the ca)", reason(foreign));
        }
    }

    @Test
    void oneContextPerDistinctBlockNotPerCheck() throws Exception {
        try (NettyCheckers n = new NettyCheckers(1);
             HostileServer s = new HostileServer(HostileServer.Mode.OK, "127.0.0.1", requiresClientFromA, null)) {
            CheckerSpec a = fromConfig(s.port(), clientA());
            CheckerSpec again = fromConfig(s.port(), clientA());
            for (int i = 0; i < 5; i++) {
                CheckOutcome o = once(n, i % 2 == 0 ? a : again);
                assertTrue(o.ok(), reason(o));
            }
            assertEquals(1, n.sslContextsBuilt(), "equal SSL blocks share one context");
            once(n, fromConfig(s.port(), ""));
            assertEquals(2, n.sslContextsBuilt());
        }
    }
}

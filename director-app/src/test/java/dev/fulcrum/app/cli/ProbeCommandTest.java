package dev.fulcrum.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fulcrum.app.ClientCertTlsServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fulcrum probe` end to end against a JDK HTTP server on loopback and a closed port. */
class ProbeCommandTest {
    static final byte[] PAGE = "probe me\n".getBytes(StandardCharsets.US_ASCII);
    HttpServer http;
    int closedPort;
    @TempDir
    Path dir;

    static CliRun run(String... argv) {
        return CliRun.of(argv);
    }

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.createContext("/ok", x -> {
            x.sendResponseHeaders(200, PAGE.length);
            x.getResponseBody().write(PAGE);
            x.close();
        });
        http.createContext("/sick", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        http.start();
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    Path config() throws Exception {
        int port = http.getAddress().getPort();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(PAGE));
        String conf = """
                virtual_server 127.0.0.1 80 {
                    lvs_sched rr
                    lvs_method NAT
                    protocol TCP
                    real_server 127.0.0.1 %1$d {
                        HTTP_GET {
                            url {
                              path /ok
                              digest %2$s
                            }
                            connect_timeout 2
                        }
                    }
                    real_server 127.0.0.1 %3$d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server 127.0.0.3 %1$d {
                        HTTP_GET {
                            connect_ip 127.0.0.1
                            url {
                              path /sick
                            }
                        }
                    }
                }
                """.formatted(port, md5, closedPort);
        Path f = dir.resolve("keepalived.conf");
        Files.writeString(f, conf);
        return f;
    }

    @Test
    void tablePrintsOneRowPerCheckerWithReasonsAndExitsOneWhenAnyIsDown() throws Exception {
        CliRun r = run("probe", "-f", config().toString());
        assertEquals(ExitCode.FAILURE, r.code(), r.out() + r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("SERVER\\s+VIRTUAL SERVER\\s+CHECKER\\s+RESULT\\s+REASON\\s+LATENCY"), lines[0]);
        assertTrue(lines[1].matches("\\[127\\.0\\.0\\.1]:tcp:\\d+\\s+\\[127\\.0\\.0\\.1]:tcp:80\\s+HTTP_GET 127\\.0\\.0\\.1:\\d+/ok\\s+UP\\s+ok\\s+[0-9.]+ ms"), lines[1]);
        assertTrue(lines[2].contains("TCP_CHECK") && lines[2].contains("DOWN") && lines[2].contains("refused"), lines[2]);
        assertTrue(lines[3].startsWith("[127.0.0.3]") && lines[3].contains("status 503"), lines[3]);
        assertEquals("3 checker(s), 2 down", lines[4]);
    }

    @Test
    void serverFilterAndJson() throws Exception {
        CliRun r = run("probe", "-f", config().toString(), "--server", "127.0.0.1:" + http.getAddress().getPort(), "--json");
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("[\n  {\"server\": \"[127.0.0.1]:tcp:" + http.getAddress().getPort() + "\""), r.out());
        assertTrue(r.out().contains("\"up\": true, \"reason\": \"ok\""), r.out());
        assertEquals(1, r.out().split("\"server\"").length - 1, "only the selected server");
        CliRun none = run("probe", "-f", config().toString(), "--server", "127.0.0.9:1");
        assertEquals(ExitCode.FAILURE, none.code());
        assertTrue(none.err().contains("no real server 127.0.0.9:1"), none.err());
    }

    @Test
    void digestPrintsTheMd5LikeGenhash() throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(PAGE));
        CliRun r = run("probe", "--digest", "http://127.0.0.1:" + http.getAddress().getPort() + "/ok");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("STATUS: 200\n"), r.out());
        assertTrue(r.out().contains("BYTES:  " + PAGE.length + "\n"), r.out());
        assertTrue(r.out().contains("MD5SUM: " + md5 + "\n"), r.out());
        CliRun refused = run("probe", "--digest", "http://127.0.0.1:" + closedPort + "/");
        assertEquals(ExitCode.FAILURE, refused.code());
        assertTrue(refused.err().endsWith(": refused\n"), refused.err());
    }

    @Test
    void malformedCommandLinesAreUsageErrors() throws Exception {
        assertEquals(ExitCode.USAGE, run("probe").code());
        assertEquals(ExitCode.USAGE, run("probe", "-f", "x.conf", "--server", "nohost").code());
        assertEquals(ExitCode.USAGE, run("probe", "-f", "x.conf", "--digest", "http://127.0.0.1/").code());
        assertEquals(ExitCode.USAGE, run("probe", "--digest", "http://www.example.net/").code(), "names are not resolved");
        assertEquals(ExitCode.USAGE, run("probe", "-f", "x.conf", "--timeout", "3").code());
        assertThrows(UsageException.class, () -> ProbeCommand.server("[::1]:99999"));
        assertEquals(8080, ProbeCommand.server("[::1]:8080").getPort());
        assertTrue(run("help", "probe").out().contains("--digest URL"));
    }

    @Test
    void aBrokenConfigIsReportedAndNothingIsProbed() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "virtual_server 127.0.0.1 80 {\n  real_server 127.0.0.1 {\n");
        CliRun r = run("probe", "-f", f.toString());
        assertEquals(ExitCode.FAILURE, r.code());
        assertTrue(r.err().contains("nothing probed"), r.err());
    }

    @Test
    void sslGetWithTheSslBlocksClientCertificateAgainstAServerThatRequiresOne() throws Exception {
        try (ClientCertTlsServer server = ClientCertTlsServer.start(dir, "pw")) {
            int port = server.port();
            String vs = "virtual_server 127.0.0.1 443 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n real_server 127.0.0.1 " + port
                    + " {\n  SSL_GET {\n   url {\n    path /\n   }\n   connect_timeout 3\n  }\n }\n}\n";
            Path with = Files.writeString(dir.resolve("with.conf"), vs + "SSL {\n password pw\n certificate client.pem\n key client-key.pem\n}\n");
            CliRun up = run("probe", "-f", with.toString());
            assertEquals(ExitCode.OK, up.code(), up.out() + up.err());
            assertTrue(up.out().contains("UP"), up.out());
            Path without = Files.writeString(dir.resolve("without.conf"), vs);
            CliRun down = run("probe", "-f", without.toString());
            assertEquals(ExitCode.FAILURE, down.code(), down.out() + down.err());
            assertTrue(down.out().contains("DOWN") && down.out().contains("tls: server requires a client certificate (alert certificate_required)"),
                    down.out());
            Path missing = Files.writeString(dir.resolve("missing.conf"), vs + "SSL {\n certificate nope.pem\n}\n");
            CliRun bad = run("probe", "-f", missing.toString());
            assertEquals(ExitCode.FAILURE, bad.code());
            assertTrue(bad.err().contains("SSL certificate nope.pem: no such file"), bad.err());
        }
    }
}

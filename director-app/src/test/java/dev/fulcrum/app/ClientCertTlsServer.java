package dev.fulcrum.app;

import dev.fulcrum.lab.TlsCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real TLS peer the SSL block is tested against: a CA, a server and a client certificate made with
 * the openssl CLI in a directory, and {@code openssl s_server -Verify 1} on 127.0.0.1 requiring a client
 * certificate from that CA. The client's files are {@code client.pem} and {@code client-key.pem} there.
 */
public final class ClientCertTlsServer implements AutoCloseable {
    private final Process server;
    private final int port;

    private ClientCertTlsServer(Process server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Makes the certificates in {@code dir} (keys encrypted with {@code keyPassword}, or plain if null) and starts the server. */
    public static ClientCertTlsServer start(Path dir, String keyPassword) throws Exception {
        TlsCertificates.ca(dir, "ca", "/CN=test CA");
        TlsCertificates.signed(dir, "server", "ca", "/CN=server", keyPassword);
        TlsCertificates.signed(dir, "client", "ca", "/CN=client", keyPassword);
        List<String> pass = keyPassword == null ? List.of() : List.of("-pass", "pass:" + keyPassword);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", "server.pem", "-key",
                "server-key.pem"));
        cmd.addAll(pass);
        cmd.addAll(List.of("-CAfile", "ca.pem", "-Verify", "1", "-www", "-quiet"));
        Process server = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s_server.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return new ClientCertTlsServer(server, port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
    }
}

package dev.fulcrum.app;

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
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca-key.pem",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=test CA");
        List<String> pass = keyPassword == null ? List.of() : List.of("-pass", "pass:" + keyPassword);
        List<String> passIn = keyPassword == null ? List.of() : List.of("-passin", "pass:" + keyPassword);
        for (String n : new String[] {"server", "client"}) {
            List<String> key = new ArrayList<>(List.of("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
            if (keyPassword != null) {
                key.add("-aes-128-cbc");
                key.addAll(pass);
            }
            key.addAll(List.of("-out", n + "-key.pem"));
            openssl(dir, key.toArray(String[]::new));
            List<String> req = new ArrayList<>(List.of("req", "-new", "-key", n + "-key.pem"));
            req.addAll(passIn);
            req.addAll(List.of("-subj", "/CN=" + n, "-out", n + ".csr"));
            openssl(dir, req.toArray(String[]::new));
            openssl(dir, "x509", "-req", "-in", n + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2",
                    "-out", n + ".pem");
        }
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

    static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + ": " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
    }
}

package dev.fulcrum.healthcheck.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real servers for the ITs: busybox httpd, nginx, openssl s_server, and the certificates they need. */
final class LoopbackFixtures {
    private LoopbackFixtures() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(String host, int port, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited with " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("server not listening on " + port);
    }

    /** A running external server process, stopped by PID. */
    record External(Process process, int port, Path dir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        }
    }

    /** busybox httpd serving {@code dir} on 127.0.0.1. */
    static External busyboxHttpd(Path dir) throws Exception {
        int port = freePort();
        Process p = new ProcessBuilder("busybox", "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening("127.0.0.1", port, p);
        return new External(p, port, dir);
    }

    /** A self-signed certificate for {@code health.test}, created with the openssl CLI. */
    record Cert(Path cert, Path key) {
    }

    static synchronized Cert cert(Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        if (!Files.exists(cert)) {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=health.test",
                    "-addext", "subjectAltName=DNS:health.test").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl req failed");
            }
        }
        return new Cert(cert, key);
    }

    /** {@code openssl s_server -www}: a real TLS server answering GET with an HTTP/1.0 200 status page. */
    static External opensslServer(Path dir) throws Exception {
        Cert c = cert(dir);
        int port = freePort();
        Process p = new ProcessBuilder(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", c.cert().toString(),
                "-key", c.key().toString(), "-www", "-quiet", "-naccept", "1000"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        awaitListening("127.0.0.1", port, p);
        return new External(p, port, dir);
    }

    /**
     * nginx (one process, in the foreground) serving {@code www} on 127.0.0.1, over TLS when {@code cert} is
     * given, with the keep-alive limits under test. Its access log, {@code access.log} in the returned
     * directory, has one line per request: connection serial, request number on that connection, the request
     * line and the request's Connection header, which is how the ITs count connections.
     */
    static External nginx(Path dir, Path www, String keepaliveTimeout, int keepaliveRequests, Cert cert) throws Exception {
        int port = freePort();
        Files.createDirectories(dir.resolve("tmp"));
        String listen = cert == null ? "listen 127.0.0.1:" + port + ";"
                : "listen 127.0.0.1:" + port + " ssl; ssl_certificate " + cert.cert() + "; ssl_certificate_key " + cert.key() + ";";
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;", "master_process off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";", "events { worker_connections 256; }", "http {",
                "  log_format conn '$connection $connection_requests \"$request\" \"$http_connection\"';",
                "  access_log " + dir.resolve("access.log") + " conn;",
                "  client_body_temp_path " + dir.resolve("tmp") + ";", "  proxy_temp_path " + dir.resolve("tmp") + ";",
                "  fastcgi_temp_path " + dir.resolve("tmp") + ";",
                "  keepalive_timeout " + keepaliveTimeout + ";", "  keepalive_requests " + keepaliveRequests + ";",
                "  server { " + listen + " root " + www + "; }", "}", ""));
        Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-e",
                dir.resolve("error.log").toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening("127.0.0.1", port, p);
        // the probe connection of awaitListening is logged by nobody (it sent no request), so the log starts empty
        return new External(p, port, dir);
    }
}

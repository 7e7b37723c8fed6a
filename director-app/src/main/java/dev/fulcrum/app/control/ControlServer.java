package dev.fulcrum.app.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director's control socket: a Unix socket (mode 0600, in a 0700 directory) speaking one JSON object
 * per line each way. Unix-socket permissions are the access control, so only root can steer a director.
 * A malformed or oversized request gets an error reply and never disturbs the daemon.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final int MAX_LINE = 64 * 1024;

    private final Path path;
    private final ControlRequestHandler handler;
    private final ServerSocketChannel server;
    private final ExecutorService clients;
    private final Thread acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlServer(Path path, ControlRequestHandler handler, ServerSocketChannel server) {
        this.path = path;
        this.handler = handler;
        this.server = server;
        this.clients = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "control-client");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "control-accept");
        this.acceptor.setDaemon(true);
    }

    /** Binds the socket (replacing a stale one left by a crashed run) and starts serving. */
    public static ControlServer start(Path path, ControlRequestHandler handler) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.warn("control socket directory {}: cannot restrict permissions: {}", dir, e.toString());
        }
        Files.deleteIfExists(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        ControlServer s = new ControlServer(path, handler, ch);
        s.acceptor.start();
        log.info("control socket listening on {}", path);
        return s;
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                SocketChannel c = server.accept();
                clients.execute(() -> serve(c));
            } catch (IOException e) {
                if (!closed.get()) {
                    log.warn("control socket {}: accept failed: {}", path, e.toString());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(c)) {
            String line;
            while ((line = readLine(in)) != null) {
                Map<String, Object> reply = answer(line);
                out.write((Json.write(reply) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            log.debug("control client went away: {}", e.toString());
        }
    }

    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int ch;
        while ((ch = in.read()) != -1) {
            if (ch == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("control request longer than " + MAX_LINE + " bytes");
            }
            sb.append((char) ch);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> answer(String line) {
        Object req;
        try {
            req = Json.parse(line);
        } catch (Json.JsonException e) {
            return error("malformed request: " + e.getMessage());
        }
        if (!(req instanceof Map) || !(((Map<String, Object>) req).get("cmd") instanceof String)) {
            return error("a request is an object with a string \"cmd\"");
        }
        try {
            return handler.handle((Map<String, Object>) req);
        } catch (RuntimeException e) {
            log.warn("control request {} failed: {}", line, e.toString());
            return error("internal error: " + e);
        }
    }

    public static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("error", message);
        return m;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            clients.shutdownNow();
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a stale socket is replaced at the next start
            }
        }
    }
}

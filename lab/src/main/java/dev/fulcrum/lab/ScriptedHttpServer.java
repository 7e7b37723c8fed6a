package dev.fulcrum.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on loopback that does, per request, what its script says: answer and keep the
 * connection, close it unanswered, or hang. Tests of kept health-check connections need a server that
 * misbehaves on a chosen request of a chosen connection, which no real server does on demand, and they count
 * what the server saw: connections, requests, and which ended by the client's hand. A thread per connection.
 */
public final class ScriptedHttpServer implements AutoCloseable {
    /** What the server does with one request. */
    public enum Act { ANSWER, CLOSE, HANG }

    /** What the server does with request {@code request} (from 1) of connection {@code connection} (from 1). */
    public interface Script {
        Act act(int connection, int request);
    }

    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII);
    /** Connections accepted. */
    public final AtomicInteger connections = new AtomicInteger();
    /** Request heads read. */
    public final AtomicInteger requests = new AtomicInteger();
    /** Connections the client ended (end of input or reset). */
    public final AtomicInteger clientClosed = new AtomicInteger();
    /** Connections accepted and not yet ended, by either side. */
    public final AtomicInteger open = new AtomicInteger();
    private final ServerSocket listener;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final Script script;

    public ScriptedHttpServer(Script script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "scripted-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Waits up to 5 s until the client has ended {@code n} connections. */
    public boolean awaitClientClosed(int n) throws InterruptedException {
        for (int i = 0; i < 100 && clientClosed.get() < n; i++) {
            Thread.sleep(50);
        }
        return clientClosed.get() >= n;
    }

    private void accept() {
        try {
            while (true) {
                Socket s = listener.accept();
                sockets.add(s);
                open.incrementAndGet();
                int conn = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, conn), "scripted-" + conn);
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // the listener was closed
        }
    }

    private void serve(Socket s, int conn) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int req = 0;
            while (true) {
                if (!readHead(in)) {
                    clientClosed.incrementAndGet();
                    return;
                }
                requests.incrementAndGet();
                switch (script.act(conn, ++req)) {
                    case ANSWER -> out.write(ANSWER);
                    case CLOSE -> {
                        return;
                    }
                    case HANG -> { }
                }
            }
        } catch (IOException e) {
            clientClosed.incrementAndGet();
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads one request head; false at the end of input. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}

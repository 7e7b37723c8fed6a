package dev.fulcrum.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path dir;

    @Test
    void answersRequestsOverARealUnixSocketWithMode0600() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Path sock = dir.resolve("state").resolve("control.sock");
        try (ControlServer s = ControlServer.start(sock, req -> Map.of("ok", true, "echo", req.get("cmd"), "n", calls.incrementAndGet()))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
            Map<String, Object> r = ControlClient.request(sock, Map.of("cmd", "status"));
            assertEquals("status", r.get("echo"));
            assertEquals(1L, r.get("n"));
            assertEquals(2L, ControlClient.request(sock, Map.of("cmd", "reload")).get("n"));
        }
        assertFalse(Files.exists(sock), "socket removed on close");
    }

    @Test
    void garbageGetsAnErrorReplyAndTheConnectionStaysUsable() throws Exception {
        Path sock = dir.resolve("c.sock");
        try (ControlServer s = ControlServer.start(sock, req -> Map.of("ok", true));
             SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(sock));
            OutputStream out = Channels.newOutputStream(c);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            out.write("{not json\n[1,2]\n{\"cmd\":\"status\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            String first = in.readLine();
            assertTrue(first.contains("\"ok\":false") && first.contains("malformed request"), first);
            String second = in.readLine();
            assertTrue(second.contains("a request is an object with a string"), second);
            assertEquals("{\"ok\":true}", in.readLine());
        }
    }

    @Test
    void aHandlerExceptionIsAnErrorReplyNotACrash() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (ControlServer s = ControlServer.start(sock, req -> {
            throw new IllegalStateException("boom");
        })) {
            Map<String, Object> r = ControlClient.request(sock, Map.of("cmd", "status"));
            assertEquals(false, r.get("ok"));
            assertTrue(r.get("error").toString().contains("boom"));
            // and the server still serves
            assertEquals(false, ControlClient.request(sock, Map.of("cmd", "x")).get("ok"));
        }
    }

    @Test
    void aStaleSocketFromACrashedRunIsReplaced() throws Exception {
        Path sock = dir.resolve("stale.sock");
        Files.writeString(sock, "stale");
        try (ControlServer s = ControlServer.start(sock, req -> Map.of("ok", true))) {
            assertEquals(true, ControlClient.request(sock, Map.of("cmd", "status")).get("ok"));
        }
    }
}

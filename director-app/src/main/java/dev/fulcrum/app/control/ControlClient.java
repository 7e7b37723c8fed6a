package dev.fulcrum.app.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The CLI side of the control socket: one request, one reply. */
public final class ControlClient {
    private ControlClient() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> request(Path socket, Map<String, Object> request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(c);
            out.write((Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the director closed the control socket without answering");
            }
            Object reply = Json.parse(line);
            if (!(reply instanceof Map)) {
                throw new IOException("unexpected reply: " + line);
            }
            return (Map<String, Object>) reply;
        }
    }
}

package dev.fulcrum.vrrp.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's client (anchors.md §0): an HTTP GET to the VIP every 10 ms, concurrent, new TCP
 * connection each time, 200 ms timeout; prints "sendEpochMillis node" per answer ("-" on failure).
 * Runs inside the client namespace until killed (or {@code maxSeconds}).
 */
public final class ClientProbe {
    public static void main(String[] args) throws Exception {
        String vip = args[0];
        int maxSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        var pool = Executors.newFixedThreadPool(32);
        timer.scheduleAtFixedRate(() -> {
            long sent = System.currentTimeMillis();
            pool.execute(() -> {
                String who = "-";
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(vip, 80), 200);
                    s.setSoTimeout(200);
                    OutputStream out = s.getOutputStream();
                    out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    String resp = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    String[] lines = resp.trim().split("\n");
                    who = lines[lines.length - 1].trim();
                } catch (Exception e) {
                    who = "-";
                }
                synchronized (System.out) {
                    System.out.println(sent + " " + who);
                    System.out.flush();
                }
            });
        }, 0, 10, TimeUnit.MILLISECONDS);
        Thread.sleep(maxSeconds * 1000L);
        System.exit(0);
    }
}

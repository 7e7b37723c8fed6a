package dev.fulcrum.healthcheck.check;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Maps whatever an I/O attempt threw to the short reason an operator reads in logs and in
 * {@code fulcrum probe}: "refused", "connect timeout", "timeout", "reset", "tls: ...". Reasons are
 * stable words, not stack traces, because they end up in events and metrics.
 */
public final class FailureReason {
    private FailureReason() {
    }

    public static String of(Throwable t) {
        return printable(classify(t));
    }

    /** Reasons may quote what a server sent; keep them one short printable line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static String classify(Throwable t) {
        Throwable c = t;
        while (c instanceof DecoderException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof ConnectTimeoutException) {
            return "connect timeout";
        }
        if (c instanceof ReadTimeoutException) {
            return "timeout";
        }
        String msg = c.getMessage() == null ? "" : c.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (c instanceof PortUnreachableException || lower.contains("port unreachable")) {
            return "port unreachable";
        }
        if (lower.contains("refused")) {
            return "refused";
        }
        if (c instanceof NoRouteToHostException || lower.contains("no route")) {
            return "no route to host";
        }
        if (lower.contains("network is unreachable")) {
            return "network unreachable";
        }
        if (lower.contains("reset")) {
            return "reset";
        }
        if (lower.contains("broken pipe")) {
            return "broken pipe";
        }
        if (c instanceof SSLException) {
            return "tls: " + (msg.isEmpty() ? c.getClass().getSimpleName() : msg);
        }
        if (c instanceof ClosedChannelException) {
            return "closed";
        }
        if (c instanceof ConnectException) {
            return "connect failed: " + msg;
        }
        return c.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }
}

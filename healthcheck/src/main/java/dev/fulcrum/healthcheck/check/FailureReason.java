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

    /**
     * TLS failures an operator can act on, named without the JDK's class names: an untrusted or expired
     * server certificate, a name mismatch, a server that wants (or refuses) the client certificate.
     */
    private static String tls(Throwable c, String msg) {
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x instanceof java.security.cert.CertificateExpiredException) {
                return "tls: server certificate expired";
            }
            if (x instanceof java.security.cert.CertificateNotYetValidException) {
                return "tls: server certificate not yet valid";
            }
            if (x instanceof java.security.cert.CertPathBuilderException || x instanceof java.security.cert.CertPathValidatorException) {
                return "tls: server certificate not trusted (no chain to the ca)";
            }
            if (x instanceof java.security.cert.CertificateException && String.valueOf(x.getMessage()).startsWith("No ")
                    && String.valueOf(x.getMessage()).contains("matching")) {
                return "tls: server certificate does not match the name";
            }
        }
        String alert = "Received fatal alert: ";
        int at = msg.indexOf(alert);
        if (at >= 0) {
            String a = msg.substring(at + alert.length()).trim();
            return switch (a) {
                case "certificate_required" -> "tls: server requires a client certificate (alert certificate_required)";
                case "unknown_ca" -> "tls: server does not trust the client certificate (alert unknown_ca)";
                // sent both for a missing and for a refused client certificate
                case "bad_certificate", "certificate_unknown", "unsupported_certificate"
                        -> "tls: server wants a valid client certificate (alert " + a + ")";
                default -> "tls: server sent alert " + a;
            };
        }
        return "tls: " + (msg.isEmpty() ? c.getClass().getSimpleName() : msg);
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
            return tls(c, msg);
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

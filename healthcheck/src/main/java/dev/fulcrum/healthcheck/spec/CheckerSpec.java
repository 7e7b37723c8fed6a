package dev.fulcrum.healthcheck.spec;

import dev.fulcrum.conf.model.SslClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One checker of a real server, fully resolved: every default applied and every inherited value
 * (VS → RS → checker) already copied in. A sealed family with one record per checker keyword so that
 * the engine and the checker factory can switch over it exhaustively: adding a checker type is a
 * compile error everywhere it must be handled.
 */
public sealed interface CheckerSpec {
    CheckerKind kind();

    CheckTiming timing();

    /** A short, stable description for logs, events and the probe table, e.g. {@code HTTP_GET 10.0.0.1:80/healthz}. */
    String describe();

    /** TCP_CHECK: the connect succeeds within connect_timeout. */
    record Tcp(CheckTiming timing, Connection connection) implements CheckerSpec {
        public Tcp {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(connection);
        }

        @Override
        public CheckerKind kind() {
            return CheckerKind.TCP_CHECK;
        }

        @Override
        public String describe() {
            return "TCP_CHECK " + Text.hostPort(connection.target());
        }
    }

    /** http_protocol: 1.0, 1.0C (1.0 + Connection: close) or 1.1 (which always sends Connection: close). */
    enum HttpProtocol {
        HTTP_1_0("HTTP/1.0", false), HTTP_1_0C("HTTP/1.0", true), HTTP_1_1("HTTP/1.1", true);

        private final String wire;
        private final boolean close;

        HttpProtocol(String wire, boolean close) {
            this.wire = wire;
            this.close = close;
        }

        public String wire() {
            return wire;
        }

        public boolean sendsConnectionClose() {
            return close;
        }

        public static HttpProtocol parse(String s) {
            return switch (s.trim()) {
                case "1.0" -> HTTP_1_0;
                case "1.0C", "1.0c" -> HTTP_1_0C;
                case "1.1" -> HTTP_1_1;
                default -> throw new IllegalArgumentException("http_protocol must be 1.0, 1.0C or 1.1: " + s);
            };
        }
    }

    /**
     * TLS options of SSL_GET. Verification is off by default, as in keepalived: health checks talk to
     * real-server addresses that rarely match a certificate name, and keepalived never switches peer
     * verification on, even with a {@code ca} in its SSL block.
     *
     * @param enableSni  send SNI
     * @param sniName    the SNI name; without it the URL's virtualhost is used
     * @param verify     verify the server certificate chain (and the name, when one is known)
     * @param caFile     trust anchors for verification (else the {@code client} block's ca, else the system store)
     * @param client     the global SSL block: the client certificate to present and the ca; its content is
     *                   part of the value, so a changed block is a changed checker
     */
    record Tls(boolean enableSni, Optional<String> sniName, boolean verify, Optional<Path> caFile, SslClientSettings client) {
        public static final Tls KEEPALIVED_DEFAULT = new Tls(false, Optional.empty(), false, Optional.empty());

        public Tls {
            Objects.requireNonNull(sniName);
            Objects.requireNonNull(caFile);
            Objects.requireNonNull(client);
        }

        /** Without an SSL block. */
        public Tls(boolean enableSni, Optional<String> sniName, boolean verify, Optional<Path> caFile) {
            this(enableSni, sniName, verify, caFile, SslClientSettings.NONE);
        }
    }

    /** Default cap on a response body: health pages are small; anything bigger is a failed check. */
    int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /**
     * HTTP_GET and SSL_GET ({@code ssl} true). Every URL must answer with an accepted status and, when a
     * digest is configured, a body whose MD5 matches.
     */
    record Http(CheckTiming timing, Connection connection, boolean ssl, HttpProtocol protocol, List<UrlSpec> urls,
                boolean fastRecovery, Tls tls, int maxBodyBytes) implements CheckerSpec {
        public Http {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(connection);
            Objects.requireNonNull(protocol);
            Objects.requireNonNull(tls);
            urls = List.copyOf(urls);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("an HTTP checker needs at least one url");
            }
            if (maxBodyBytes <= 0) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
        }

        @Override
        public CheckerKind kind() {
            return ssl ? CheckerKind.SSL_GET : CheckerKind.HTTP_GET;
        }

        @Override
        public String describe() {
            return kind() + " " + Text.hostPort(connection.target()) + urls.get(0).path() + (urls.size() > 1 ? " (+" + (urls.size() - 1) + " urls)" : "");
        }
    }

    /**
     * MISC_CHECK: runs {@code misc_path} (split into words like a shell would, without a shell) as
     * {@code user[:group]}. Exit 0 is up, 1 is down; with {@code dynamic} 2..255 is up with weight status − 2.
     */
    record Misc(CheckTiming timing, String path, Duration timeout, boolean dynamic, Optional<String> user,
                Optional<String> group) implements CheckerSpec {
        public Misc {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(path);
            Objects.requireNonNull(timeout);
            if (path.isBlank()) {
                throw new IllegalArgumentException("misc_path is empty");
            }
        }

        @Override
        public CheckerKind kind() {
            return CheckerKind.MISC_CHECK;
        }

        @Override
        public String describe() {
            return "MISC_CHECK " + path;
        }
    }

    /** SMTP_CHECK: greeting 220, {@code HELO helo_name} answered with 250, then QUIT. */
    record Smtp(CheckTiming timing, Connection connection, String heloName) implements CheckerSpec {
        public Smtp {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(connection);
            Objects.requireNonNull(heloName);
        }

        @Override
        public CheckerKind kind() {
            return CheckerKind.SMTP_CHECK;
        }

        @Override
        public String describe() {
            return "SMTP_CHECK " + Text.hostPort(connection.target());
        }
    }

    /** DNS_CHECK: a UDP query of {@code type} for {@code name} must be answered with NOERROR and an answer. */
    record Dns(CheckTiming timing, Connection connection, String type, String name) implements CheckerSpec {
        public static final List<String> TYPES = List.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA");

        public Dns {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(connection);
            type = type.toUpperCase(java.util.Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("DNS_CHECK type must be one of " + TYPES + ": " + type);
            }
            Objects.requireNonNull(name);
        }

        @Override
        public CheckerKind kind() {
            return CheckerKind.DNS_CHECK;
        }

        @Override
        public String describe() {
            return "DNS_CHECK " + Text.hostPort(connection.target()) + " " + type + " " + name;
        }
    }

    /**
     * UDP_CHECK. Payloads are keepalived's free-form hex ({@link Hex}); {@code requireReply} may hold
     * {@code X} nibbles as wildcards. Without {@code requireReply} the check fails only on an ICMP error.
     *
     * @param payloadHex     the datagram to send; empty means a random payload
     * @param requireReply   empty: no reply needed; present: a reply is needed and must match (an empty
     *                       pattern accepts any reply)
     */
    record Udp(CheckTiming timing, Connection connection, Optional<String> payloadHex, Optional<String> requireReply,
               int minReplyLength, int maxReplyLength) implements CheckerSpec {
        public Udp {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(connection);
            payloadHex.ifPresent(Hex::parse);
            requireReply.ifPresent(Hex::parsePattern);
            if (minReplyLength < 0 || maxReplyLength < minReplyLength) {
                throw new IllegalArgumentException("bad reply length bounds " + minReplyLength + ".." + maxReplyLength);
            }
        }

        @Override
        public CheckerKind kind() {
            return CheckerKind.UDP_CHECK;
        }

        @Override
        public String describe() {
            return "UDP_CHECK " + Text.hostPort(connection.target());
        }
    }

    /** PING_CHECK: one ICMP echo answered within connect_timeout. */
    record Ping(CheckTiming timing, Connection connection) implements CheckerSpec {
        public Ping {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(connection);
        }

        @Override
        public CheckerKind kind() {
            return CheckerKind.PING_CHECK;
        }

        @Override
        public String describe() {
            return "PING_CHECK " + connection.target().getAddress().getHostAddress();
        }
    }

    /**
     * FILE_CHECK: reads an integer from the tracked file. weight 0: any non-zero value is down. Otherwise
     * the value × weight (negated by {@code reverse}) is the checker's contribution: with {@code dynamic}
     * it is added to the RS weight, without it a negative result is down.
     */
    record File(CheckTiming timing, String trackName, Path file, int weight, boolean reverse, boolean dynamic) implements CheckerSpec {
        public File {
            Objects.requireNonNull(timing);
            Objects.requireNonNull(trackName);
            Objects.requireNonNull(file);
        }

        @Override
        public CheckerKind kind() {
            return CheckerKind.FILE_CHECK;
        }

        @Override
        public String describe() {
            return "FILE_CHECK " + trackName;
        }
    }
}

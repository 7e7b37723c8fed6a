package dev.fulcrum.conf.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One health checker of a real server. A sealed family so that the health-check engine handles every
 * type explicitly; each record carries its resolved {@link CheckerTiming} (FILE_CHECK has none: it is
 * event driven).
 */
public sealed interface Checker permits Checker.TcpCheck, Checker.HttpGet, Checker.SslGet, Checker.MiscCheck,
        Checker.UdpCheck, Checker.DnsCheck, Checker.SmtpCheck, Checker.PingCheck, Checker.FileCheck {

    /** The keepalived block name, e.g. {@code TCP_CHECK}. */
    String keyword();

    /** Timing for polling checkers; empty for FILE_CHECK. */
    Optional<CheckerTiming> timing();

    /** A TCP connect succeeds. */
    record TcpCheck(CheckTarget target, CheckerTiming checkerTiming) implements Checker {
        public String keyword() {
            return "TCP_CHECK";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /** HTTP GET of each url; {@code httpProtocol} is 1.0, 1.0C or 1.1. */
    record HttpGet(CheckTarget target, CheckerTiming checkerTiming, String httpProtocol, boolean fastRecovery,
                   Optional<String> virtualhost, List<HttpUrl> urls) implements Checker {
        public String keyword() {
            return "HTTP_GET";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /** HTTP GET over TLS. */
    record SslGet(CheckTarget target, CheckerTiming checkerTiming, String httpProtocol, boolean fastRecovery,
                  Optional<String> virtualhost, List<HttpUrl> urls, boolean enableSni, Optional<String> sniName,
                  boolean tlsCompliant) implements Checker {
        public String keyword() {
            return "SSL_GET";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /**
     * An external command; exit 0 = up. With {@code dynamic}, exit 2..255 sets the weight to status - 2.
     *
     * @param timeout misc_timeout, default = delay_loop
     */
    record MiscCheck(CheckerTiming checkerTiming, String path, Duration timeout, boolean dynamic,
                     Optional<ScriptUser> user) implements Checker {
        public String keyword() {
            return "MISC_CHECK";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /**
     * A UDP probe. Payloads are normalised uppercase hex without spaces; in {@code requireReply} an
     * {@code X} nibble is a wildcard.
     */
    record UdpCheck(CheckTarget target, CheckerTiming checkerTiming, Optional<String> payload,
                    boolean requireReply, Optional<String> replyPattern, int minReplyLength,
                    int maxReplyLength) implements Checker {
        public String keyword() {
            return "UDP_CHECK";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /** A DNS query over UDP; type default SOA, name default {@code .}. */
    record DnsCheck(CheckTarget target, CheckerTiming checkerTiming, String type, String name) implements Checker {
        public String keyword() {
            return "DNS_CHECK";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /** Connect, HELO, QUIT. */
    record SmtpCheck(CheckTarget target, CheckerTiming checkerTiming, Optional<String> heloName) implements Checker {
        public String keyword() {
            return "SMTP_CHECK";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /** ICMP echo. */
    record PingCheck(CheckTarget target, CheckerTiming checkerTiming) implements Checker {
        public String keyword() {
            return "PING_CHECK";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.of(checkerTiming);
        }
    }

    /**
     * Follows a {@code track_file}: weight 0 = a non-zero value takes the checker down; with
     * {@code dynamic} value x weight is added to the RS weight.
     */
    record FileCheck(String trackFile, int weight, boolean reverse, boolean dynamic) implements Checker {
        public String keyword() {
            return "FILE_CHECK";
        }

        public Optional<CheckerTiming> timing() {
            return Optional.empty();
        }
    }
}

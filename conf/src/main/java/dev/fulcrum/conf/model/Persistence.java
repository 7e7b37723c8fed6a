package dev.fulcrum.conf.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/** Client affinity of a service: timeout, netmask granularity and the optional engine (sip). */
public record Persistence(Duration timeout, Optional<InetAddress> granularity, Optional<String> engine) {
    /** A bare {@code persistence_timeout} means 6 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(360);
}

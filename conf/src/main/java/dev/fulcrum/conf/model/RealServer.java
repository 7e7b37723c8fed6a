package dev.fulcrum.conf.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One destination of a service, with every VS-level default already inherited: the health checker
 * and the IPVS reconciler read weight, forwarding, inhibit_on_failure and timers from here.
 *
 * @param endpoint the destination; for DR/TUN the port IPVS uses is forced (0 for fwmark, else the VS
 *                 port) by the reconciler, the configured port stays here
 */
public record RealServer(
        Endpoint endpoint,
        int weight,
        Forwarding forwarding,
        boolean inhibitOnFailure,
        boolean alpha,
        Optional<Script> notifyUp,
        Optional<Script> notifyDown,
        OptionalInt upperThreshold,
        OptionalInt lowerThreshold,
        Duration delayLoop,
        Optional<String> virtualhost,
        boolean smtpAlert,
        List<Checker> checkers) {
}

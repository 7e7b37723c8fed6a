package dev.fulcrum.conf.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code virtual_server} with its effective values. The timer fields are the VS-level values
 * (already defaulted) that were inherited by its real servers and checkers; consumers should read the
 * resolved values on {@link RealServer} and {@link Checker}, not re-derive them from here.
 *
 * @param protocol ignored by IPVS for fwmark services (kept as configured, default UDP like keepalived)
 * @param weight the default real-server weight
 */
public record VirtualServer(
        ServiceAddress address,
        Protocol protocol,
        String scheduler,
        Set<SchedulerFlag> schedulerFlags,
        boolean ops,
        Forwarding forwarding,
        Optional<Persistence> persistence,
        int quorum,
        int hysteresis,
        Optional<Script> quorumUp,
        Optional<Script> quorumDown,
        Optional<SorryServer> sorryServer,
        boolean alpha,
        boolean omega,
        boolean haSuspend,
        boolean inhibitOnFailure,
        Duration delayLoop,
        Duration connectTimeout,
        Optional<Integer> retry,
        Optional<Duration> delayBeforeRetry,
        Optional<Duration> warmup,
        int weight,
        Optional<String> virtualhost,
        boolean smtpAlert,
        List<RealServer> realServers) {

    public static final String DEFAULT_SCHEDULER = "wlc";
    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The quorum keepalived actually applies: a configured quorum above the total configured weight of
     * the real servers is lowered to that total (keepalived warns "reducing quorum"). {@code quorum()} is
     * the configured value.
     */
    public int effectiveQuorum() {
        long sum = realServers.stream().mapToLong(RealServer::weight).sum();
        return sum > 0 && quorum > sum ? (int) sum : quorum;
    }

    /** {@code FWM 100}, the group name, or {@code [addr]:proto:port}: keepalived's log naming. */
    public String displayName() {
        if (address instanceof ServiceAddress.Fwmark f) {
            return "FWM " + f.mark();
        }
        if (address instanceof ServiceAddress.Group g) {
            return g.name();
        }
        ServiceAddress.Inet i = (ServiceAddress.Inet) address;
        String a = AddressText.of(i.address());
        return "[" + a + "]:" + protocol.name().toLowerCase(java.util.Locale.ROOT) + ":" + i.port();
    }
}

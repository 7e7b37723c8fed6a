package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Connection;
import java.util.concurrent.CompletionStage;

/**
 * PING_CHECK: one ICMP (IPv4) or ICMPv6 echo to connect_ip, answered within connect_timeout, with the
 * checker's fwmark, bind_if and bindto (the echo's source address; bind_port has no meaning for ICMP); retry and delay_before_retry are the engine's, as for every checker.
 */
final class PingCheck implements Checker {
    private final PingService ping;
    private final CheckerSpec.Ping spec;

    PingCheck(PingService ping, CheckerSpec.Ping spec) {
        this.ping = ping;
        this.spec = spec;
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        Attempt a = new Attempt();
        Connection c = spec.connection();
        ping.ping(c.target().getAddress(), c.fwmark(), c.bindIf(), c.bindTo(), spec.timing().connectTimeout().toMillis(), a);
        return a.result;
    }
}

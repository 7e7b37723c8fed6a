package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import java.net.Inet4Address;
import java.util.concurrent.CompletionStage;

/** PING_CHECK: one ICMP echo, answered within connect_timeout, with the checker's fwmark. IPv4 only for now. */
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
        if (spec.connection().target().getAddress() instanceof Inet4Address v4) {
            ping.ping(v4, spec.connection().fwmark(), spec.timing().connectTimeout().toMillis(), a);
        } else {
            a.fail("PING_CHECK supports IPv4 only");
        }
        return a.result;
    }
}

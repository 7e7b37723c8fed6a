package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import dev.fulcrum.healthcheck.spec.Hex;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UDP_CHECK: sends the payload (random when none is configured) on a connected socket. Without
 * require_reply, only an ICMP error within connect_timeout fails the check, as in keepalived. With it,
 * a reply must arrive, lie within min/max_reply_length and match the pattern up to the shorter length.
 */
final class UdpCheck implements Checker {
    private final NettyCheckers runtime;
    private final CheckerSpec.Udp spec;
    private final byte[] payload;
    private final Hex.Pattern pattern;

    UdpCheck(NettyCheckers runtime, CheckerSpec.Udp spec) {
        this.runtime = runtime;
        this.spec = spec;
        this.payload = spec.payloadHex().map(Hex::parse).orElse(null);
        this.pattern = spec.requireReply().map(Hex::parsePattern).orElse(null);
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        Attempt a = new Attempt();
        byte[] request = payload;
        if (request == null) {
            request = new byte[16];
            ThreadLocalRandom.current().nextBytes(request);
        }
        DatagramExchange.run(runtime, spec.connection(), spec.timing().connectTimeout(), request, a, this::judge, () -> {
            if (spec.requireReply().isPresent()) {
                a.fail("timeout (no reply)");
            } else {
                a.succeed();
            }
        });
        return a.result;
    }

    private String judge(byte[] reply) {
        if (spec.requireReply().isEmpty()) {
            return "";
        }
        if (reply.length < spec.minReplyLength()) {
            return "reply of " + reply.length + " bytes shorter than " + spec.minReplyLength();
        }
        if (reply.length > spec.maxReplyLength()) {
            return "reply of " + reply.length + " bytes longer than " + spec.maxReplyLength();
        }
        return pattern.matches(reply) ? "" : "reply mismatch";
    }
}

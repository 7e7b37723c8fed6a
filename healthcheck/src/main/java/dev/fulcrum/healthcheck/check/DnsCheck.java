package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * DNS_CHECK: one recursive-desired query of {@code type} for {@code name} over UDP. Healthy when a
 * reply with our id arrives with RCODE NOERROR and at least one answer; a reply with another id is
 * ignored, silence is a timeout.
 */
final class DnsCheck implements Checker {
    static final Map<String, Integer> TYPE_CODES = Map.of("A", 1, "NS", 2, "CNAME", 5, "SOA", 6, "MX", 15, "TXT", 16, "AAAA", 28);
    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
    private final NettyCheckers runtime;
    private final CheckerSpec.Dns spec;

    DnsCheck(NettyCheckers runtime, CheckerSpec.Dns spec) {
        this.runtime = runtime;
        this.spec = spec;
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        q.write(id >> 8);
        q.write(id);
        q.write(0x01); // RD
        q.write(0x00);
        q.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            if (b.length > 63) {
                throw new IllegalArgumentException("DNS label too long: " + label);
            }
            q.write(b.length);
            q.writeBytes(b);
        }
        q.write(0);
        q.write(type >> 8);
        q.write(type);
        q.write(0);
        q.write(1); // IN
        return q.toByteArray();
    }

    /** "" healthy, null not our reply, otherwise the failure reason. */
    static String judge(int id, byte[] r) {
        if (r.length < 12) {
            return "short reply";
        }
        int rid = ((r[0] & 0xff) << 8) | (r[1] & 0xff);
        if (rid != id || (r[2] & 0x80) == 0) {
            return null;
        }
        int rcode = r[3] & 0x0f;
        if (rcode != 0) {
            return "rcode " + (rcode < RCODES.length ? RCODES[rcode] : rcode);
        }
        int ancount = ((r[6] & 0xff) << 8) | (r[7] & 0xff);
        return ancount == 0 ? "no answer" : "";
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        Attempt a = new Attempt();
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        byte[] q = query(id, spec.name(), TYPE_CODES.get(spec.type()));
        DatagramExchange.run(runtime, spec.connection(), spec.timing().connectTimeout(), q, a, r -> judge(id, r),
                () -> a.fail("timeout"));
        return a.result;
    }
}

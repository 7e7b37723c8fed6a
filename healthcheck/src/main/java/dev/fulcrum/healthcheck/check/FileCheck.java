package dev.fulcrum.healthcheck.check;

import dev.fulcrum.healthcheck.engine.CheckOutcome;
import dev.fulcrum.healthcheck.engine.CheckOutcome.DynamicWeight;
import dev.fulcrum.healthcheck.engine.Checker;
import dev.fulcrum.healthcheck.spec.CheckerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletionStage;

/**
 * FILE_CHECK: reads the tracked file's leading integer (an empty file reads as 0). weight 0: a
 * non-zero value is down. Otherwise value × weight (negated with {@code reverse}): with dynamic it is
 * added to the RS weight, without it a negative product is down. An unreadable file is down.
 */
final class FileCheck implements Checker {
    private final NettyCheckers runtime;
    private final CheckerSpec.File spec;

    FileCheck(NettyCheckers runtime, CheckerSpec.File spec) {
        this.runtime = runtime;
        this.spec = spec;
    }

    @Override
    public CheckerSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<CheckOutcome> run(int step) {
        return runtime.blockingAttempt(this::judge);
    }

    private void judge(Attempt a) {
        long value;
        try {
            byte[] head = new byte[64];
            int n;
            try (var in = Files.newInputStream(spec.file())) {
                n = Math.max(0, in.readNBytes(head, 0, head.length));
            }
            String text = new String(head, 0, n, java.nio.charset.StandardCharsets.US_ASCII).trim();
            String num = text.isEmpty() ? "0" : text.split("\\s+")[0];
            value = Long.parseLong(num);
        } catch (IOException | RuntimeException e) {
            a.fail("cannot read " + spec.file() + ": " + e.getClass().getSimpleName());
            return;
        }
        outcome(a, value);
    }

    void outcome(Attempt a, long value) {
        if (spec.weight() == 0) {
            if (value != 0) {
                a.fail("file value " + value);
            } else {
                a.succeed();
            }
            return;
        }
        long product = value * spec.weight() * (spec.reverse() ? -1 : 1);
        product = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, product));
        if (spec.dynamic()) {
            a.succeed(new DynamicWeight.Add((int) product));
        } else if (product < 0) {
            a.fail("file value " + value);
        } else {
            a.succeed();
        }
    }
}

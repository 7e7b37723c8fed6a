package dev.fulcrum.app.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fulcrum.conf.model.LvsTimeouts;
import dev.fulcrum.ipvs.model.Timeouts;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelTimeoutsTest {
    static final Timeouts KERNEL = new Timeouts(900, 120, 300);

    @Test
    void configuredValuesOverrideAndTheRestKeepTheStartupValues() {
        LvsTimeouts c = new LvsTimeouts(Optional.of(Duration.ofSeconds(7200)), Optional.empty(), Optional.of(Duration.ofSeconds(50)));
        assertEquals(new Timeouts(7200, 120, 50), KernelTimeouts.wanted(c, KERNEL));
    }

    @Test
    void removingTheKeywordRestoresTheKernelsStartupValues() {
        assertEquals(KERNEL, KernelTimeouts.wanted(LvsTimeouts.UNSET, KERNEL));
    }
}

package dev.fulcrum.vrrp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Config first, system property over it, built-in defaults when neither says anything. */
class SchedulingTest {
    @AfterEach
    void clear() {
        System.clearProperty("fulcrum.vrrp.rtPriority");
        System.clearProperty("fulcrum.vrrp.noSwap");
    }

    @Test
    void defaultsWhenNothingIsConfigured() {
        VrrpService.Scheduling s = VrrpService.Scheduling.fromProperties();
        assertEquals(10, s.rtPriority());
        assertFalse(s.noSwap());
        assertTrue(s.nice().isEmpty());
    }

    @Test
    void configValuesFromGlobalDefs() {
        var cfg = KeepalivedConf.parse(Path.of("t.conf"),
                "global_defs {\n vrrp_rt_priority 33\n vrrp_no_swap\n vrrp_priority -5\n}\n", LoadOptions.defaults())
                .config().orElseThrow();
        VrrpService.Scheduling s = VrrpService.Scheduling.of(cfg.globalDefs());
        assertEquals(33, s.rtPriority());
        assertTrue(s.noSwap());
        assertEquals(-5, s.nice().getAsInt());
    }

    @Test
    void propertiesOverrideTheConfig() {
        System.setProperty("fulcrum.vrrp.rtPriority", "0");
        System.setProperty("fulcrum.vrrp.noSwap", "false");
        VrrpService.Scheduling s = VrrpService.Scheduling.resolve(OptionalInt.of(33), true, OptionalInt.of(-5));
        assertEquals(0, s.rtPriority());
        assertFalse(s.noSwap());
        assertEquals(-5, s.nice().getAsInt());
        System.setProperty("fulcrum.vrrp.noSwap", "true");
        assertTrue(VrrpService.Scheduling.fromProperties().noSwap());
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VrrpService.Scheduling(100, false, OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class, () -> new VrrpService.Scheduling(10, false, OptionalInt.of(20)));
    }
}

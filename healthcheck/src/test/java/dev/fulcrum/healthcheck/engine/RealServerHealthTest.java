package dev.fulcrum.healthcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckOutcome.DynamicWeight;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RealServerHealthTest {
    @Test
    void miscDynamicStatusMinusTwoIsTheWeightAndTwoMeansZero() {
        RealServerHealth h = new RealServerHealth(10, new boolean[] {true});
        assertEquals(Optional.of(253), h.checkerWeight(0, new DynamicWeight.SetTo(255 - 2)));
        assertEquals(Optional.of(0), h.checkerWeight(0, new DynamicWeight.SetTo(0)));
        assertEquals(Optional.empty(), h.checkerWeight(0, DynamicWeight.NONE));
    }

    @Test
    void contributionsAddUpAndClampAtZero() {
        RealServerHealth h = new RealServerHealth(5, new boolean[] {true, true});
        assertEquals(Optional.of(12), h.checkerWeight(1, new DynamicWeight.Add(7)));
        assertEquals(Optional.of(0), h.checkerWeight(1, new DynamicWeight.Add(-50)));
        assertEquals(0, h.effectiveWeight());
    }

    @Test
    void aliveFlipsOnFirstFailureAndOnLastRecovery() {
        RealServerHealth h = new RealServerHealth(1, new boolean[] {true, true, true});
        assertEquals(Optional.of(false), h.checkerUp(0, false));
        assertEquals(Optional.empty(), h.checkerUp(1, false));
        assertEquals(2, h.failedCheckers());
        assertEquals(Optional.empty(), h.checkerUp(0, true));
        assertEquals(Optional.of(true), h.checkerUp(1, true));
        assertTrue(new RealServerHealth(1, new boolean[0]).alive());
    }
}

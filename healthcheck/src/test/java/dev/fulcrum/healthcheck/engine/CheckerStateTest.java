package dev.fulcrum.healthcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.healthcheck.engine.CheckerState.Transition;
import dev.fulcrum.healthcheck.spec.CheckTiming;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckerStateTest {
    static final CheckOutcome OK = CheckOutcome.Success.of(Duration.ZERO);
    static final CheckOutcome FAIL = new CheckOutcome.Failure("refused", Duration.ZERO);

    static CheckTiming t(int retry, boolean alpha) {
        return new CheckTiming(Duration.ofSeconds(6), Duration.ofSeconds(1), retry, Duration.ofSeconds(2), Duration.ZERO, alpha);
    }

    @Test
    void retryPlusOneFailuresAfterASuccess() {
        for (int retry = 0; retry <= 4; retry++) {
            CheckerState s = new CheckerState(t(retry, false), 1, true);
            assertEquals(Transition.NONE, s.onOutcome(OK).transition());
            for (int i = 0; i < retry; i++) {
                CheckerState.Decision d = s.onOutcome(FAIL);
                assertEquals(Transition.NONE, d.transition());
                assertEquals(Duration.ofSeconds(2), d.nextDelay());
            }
            CheckerState.Decision d = s.onOutcome(FAIL);
            assertEquals(Transition.DOWN, d.transition(), "retry " + retry);
            assertEquals(Duration.ofSeconds(6), d.nextDelay());
            assertFalse(s.up());
            assertEquals(Transition.NONE, s.onOutcome(FAIL).transition());
            assertEquals(Transition.UP, s.onOutcome(OK).transition());
        }
    }

    @Test
    void alphaStartsDown() {
        CheckerState s = new CheckerState(t(3, true), 1, true);
        assertFalse(s.up());
        assertFalse(s.hasRun());
        assertEquals(Transition.NONE, s.onOutcome(FAIL).transition());
        assertTrue(s.hasRun());
        CheckerState.Decision d = s.onOutcome(OK);
        assertEquals(Transition.UP, d.transition());
        assertEquals(0, s.failures());
    }

    @Test
    void recoveringMultiStepCheckerRestartsFromTheFirstStepAfterAFailure() {
        CheckerState s = new CheckerState(t(0, true), 3, false);
        assertEquals(0, s.nextStep());
        s.onOutcome(OK);
        assertEquals(1, s.nextStep());
        s.onOutcome(FAIL);
        assertEquals(0, s.nextStep());
        s.onOutcome(OK);
        s.onOutcome(OK);
        assertEquals(Transition.UP, s.onOutcome(OK).transition());
        assertEquals(Checker.ALL_STEPS, s.nextStep());
    }
}

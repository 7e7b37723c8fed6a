package dev.fulcrum.vrrp.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrackerSetTest {
    @Test
    void weightRules() {
        TrackerSet t = new TrackerSet().add("plus", 10, false, false).add("minus", -20, false, true)
                .add("rev", 5, true, false);
        // plus down (0), minus up (0), rev down: reverse of +5 = -5 applied while up -> 0
        assertEquals(new TrackVerdict(0, false, ""), t.verdict());
        t.update("plus", true);
        t.update("minus", false);
        t.update("rev", true);
        assertEquals(new TrackVerdict(10 - 20 - 5, false, ""), t.verdict());
    }

    @Test
    void weightZeroFailureIsFaultAndReverseFlipsIt() {
        TrackerSet t = new TrackerSet().add("chk", 0, false, true);
        assertFalse(t.verdict().fault());
        assertTrue(t.update("chk", false));
        assertFalse(t.update("chk", false));
        assertTrue(t.verdict().fault());
        TrackerSet r = new TrackerSet().add("maint", 0, true, false);
        assertFalse(r.verdict().fault());
        r.update("maint", true);
        assertTrue(r.verdict().fault());
    }

    @Test
    void trackFileValueTimesWeight() {
        TrackerSet t = new TrackerSet().addValued("f", 1, false);
        t.updateValue("f", -30);
        assertEquals(-30, t.verdict().weight());
        t.updateValue("f", -300);
        assertTrue(t.verdict().fault());
        TrackerSet z = new TrackerSet().addValued("f", 0, false);
        assertFalse(z.verdict().fault());
        z.updateValue("f", 7);
        assertTrue(z.verdict().fault());
    }
}

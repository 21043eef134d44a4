package org.paravane.backend.vhd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.paravane.backend.vhd.VhdWarmup;

/** The warm-up rounds setting: numbers in range are taken, anything else falls back to the default. */
class VhdBackendComponentTest {

    @Test
    void roundsComeFromThePropertyWithinRange() {
        assertEquals(VhdWarmup.DEFAULT_ROUNDS, VhdBackendComponent.rounds(null));
        assertEquals(VhdWarmup.DEFAULT_ROUNDS, VhdBackendComponent.rounds("  "));
        assertEquals(0, VhdBackendComponent.rounds("0"));
        assertEquals(150, VhdBackendComponent.rounds(" 150 "));
        assertEquals(100_000, VhdBackendComponent.rounds("100000"));
        for (String bad : new String[] {"-1", "100001", "many", "1e3"}) {
            assertEquals(VhdWarmup.DEFAULT_ROUNDS, VhdBackendComponent.rounds(bad), bad);
        }
    }
}

package org.paravane.core.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.paravane.core.memory.GuestMemory;
import org.paravane.core.memory.NativePages;

class CoreWarmUpTest {

    @Test
    void mapsAndUnmapsItsPrivateMemoryWithoutLeaking() {
        long mappings = NativePages.liveMappings();
        long bytes = NativePages.liveBytes();

        CoreWarmUp.Result first = CoreWarmUp.run();
        CoreWarmUp.Result second = CoreWarmUp.run();

        assertEquals(2L * GuestMemory.FRAME_SIZE, first.mappedBytes());
        assertEquals(mappings, NativePages.liveMappings(), "every warm-up mapping is released");
        assertEquals(bytes, NativePages.liveBytes());
        assertEquals(4, first.handle().version(), "a random (version 4) domain handle");
        assertNotEquals(first.handle(), second.handle());
    }
}

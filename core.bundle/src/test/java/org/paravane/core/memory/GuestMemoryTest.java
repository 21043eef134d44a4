package org.paravane.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.XenErrno;
import org.paravane.core.hypercall.GuestMemoryAccess;

class GuestMemoryTest {

    private static final long RAM_GFN = Platform.RAM_BASE / 4096;

    @Test
    void ramIsOneOffHeapSegmentAtTheRamBase() {
        MemoryBudget budget = new MemoryBudget(16 << 20);
        try (GuestMemory m = new GuestMemory(3, budget, 256, 512)) {
            assertTrue(m.ram().isNative(), "off-heap, never the Java heap");
            assertEquals(512L * 4096, m.ram().byteSize());
            assertEquals(0x8000_0000L, m.ramBase());
            assertEquals(256, m.currentFrames());
            assertEquals(256, budget.chargedFrames());
            assertTrue(m.isPopulated(RAM_GFN + 255));
            assertFalse(m.isPopulated(RAM_GFN + 256));
            assertEquals(0, m.ram().get(ValueLayout.JAVA_LONG, 511L * 4096), "zeroed");
        }
        assertEquals(0, budget.chargedFrames(), "close returns the charge");
    }

    @Test
    void populateReleaseAndBudget() {
        MemoryBudget budget = new MemoryBudget(258 * 4096);
        GuestMemory m = new GuestMemory(1, budget, 256, 512);
        assertEquals(0, m.populate(RAM_GFN + 300));
        assertEquals(-XenErrno.EBUSY, m.populate(RAM_GFN + 300));
        assertEquals(0, m.populate(RAM_GFN + 301));
        assertEquals(-XenErrno.ENOMEM, m.populate(RAM_GFN + 302), "budget of 258 frames");
        assertEquals(-XenErrno.EINVAL, m.populate(RAM_GFN + 512), "beyond max");
        assertEquals(-XenErrno.EINVAL, m.populate(5));
        m.ram().set(ValueLayout.JAVA_LONG, 300L * 4096, 42);
        assertEquals(0, m.release(RAM_GFN + 300));
        assertEquals(0, m.ram().get(ValueLayout.JAVA_LONG, 300L * 4096), "released frames read as zero");
        assertEquals(-XenErrno.EINVAL, m.release(RAM_GFN + 300));
        assertEquals(257, m.currentFrames());
        assertEquals(RAM_GFN + 256, m.firstUnpopulatedGfn());
        m.close();
        m.close();
        assertEquals(0, budget.chargedFrames());
        assertTrue(m.isClosed());
        assertFalse(m.isPopulatedRange(Platform.RAM_BASE, 1));
    }

    @Test
    void creationFailsCleanlyWhenTheBudgetIsShort() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        OutOfGuestMemoryException e = assertThrows(OutOfGuestMemoryException.class,
                () -> new GuestMemory(7, budget, 512, 512));
        assertTrue(e.getMessage().contains("domain 7"), e.getMessage());
        assertEquals(0, budget.chargedFrames());
        assertThrows(IllegalArgumentException.class, () -> new GuestMemory(7, budget, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(100));
    }

    @Test
    void framesOutsideRam() {
        try (GuestMemory m = new GuestMemory(1, new MemoryBudget(16 << 20), 16, 16)) {
            MemorySegment f = m.allocateFrame();
            assertEquals(0, f.address() % 4096, "page aligned");
            assertTrue(m.mapOutsideRam(0x100, f));
            assertSame(f, m.frameOutsideRam(0x100));
            assertEquals(0x100, m.gfnOf(f));
            assertFalse(m.mapOutsideRam(RAM_GFN, f), "never over RAM");
            assertFalse(m.mapOutsideRam(0, f));
            assertFalse(m.mapOutsideRam(-1, f));
            assertSame(f, m.unmapOutsideRam(0x100));
            assertNull(m.frameOutsideRam(0x100));
        }
    }

    @Test
    void accessorIsBoundsCheckedAndLittleEndian() {
        try (GuestMemory m = new GuestMemory(1, new MemoryBudget(16 << 20), 2, 4)) {
            GuestMemoryAccess a = new GuestMemoryAccessor(m);
            long base = Platform.RAM_BASE;
            assertTrue(a.writeU32(base, 0x11223344));
            assertEquals(0x44, m.ram().get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(0x11223344L, a.readU32(base));
            assertTrue(a.writeU64(base + 8192 - 8, -2));
            assertEquals(-2, a.readU64(base + 8192 - 8));
            assertFalse(a.writeU64(base + 8192 - 4, 1), "straddles into an unpopulated frame");
            assertEquals(GuestMemoryAccess.FAULT, a.readU32(base + 8192));
            assertFalse(a.isValid(base, -1));
            assertFalse(a.isValid(Long.MAX_VALUE - 2, 8));
            assertFalse(a.isValid(Long.MIN_VALUE, 8));
            assertFalse(a.read(base, new byte[4], -1, 2));
            m.close();
            assertEquals(GuestMemoryAccess.FAULT, a.readU32(base), "a released domain's memory faults");
            assertFalse(a.write(base, new byte[1], 0, 1));
        }
    }

    @Test
    void nativeMappingsAreCountedAndReleased() {
        long before = NativePages.liveMappings();
        GuestMemory m = new GuestMemory(1, new MemoryBudget(64 << 20), 4096, 4096);
        assertEquals(before + 1, NativePages.liveMappings());
        m.close();
        assertEquals(before, NativePages.liveMappings());
    }
}

package org.paravane.core.blkif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** dom0's local grant table: references stay positive and above the reserved ones when they wrap. */
class LocalGrantTableTest {

    @Test
    void referencesWrapToTheFirstUnreservedOneAndRevokedOnesFailToMap() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4096, 4096);
            MemorySegment b = arena.allocate(4096, 4096);
            LocalGrantTable t = new LocalGrantTable(Integer.MAX_VALUE);
            assertEquals(Integer.MAX_VALUE, t.grant(a, false));
            assertEquals(8, t.grant(b, true), "after 2^31 - 1 the next reference is 8, not negative");
            assertEquals(9, t.grant(a, false));
            assertEquals(3, t.grantCount());
            t.revoke(8);
            assertEquals(2, t.grantCount());
            assertThrows(FrontendMemory.PageMapException.class, () -> t.map(8, true));
            FrontendMemory.MappedPage p = t.map(Integer.MAX_VALUE, false);
            assertEquals(a.address(), p.segment().address());
            t.unmap(p);
            assertEquals(0, t.mappedCount());
        }
    }

    @Test
    void reservedReferencesAreRefusedAsAStart() {
        assertThrows(IllegalArgumentException.class, () -> new LocalGrantTable(7));
        assertEquals(8, new LocalGrantTable().grant(Arena.global().allocate(4096, 4096), false));
    }
}

package org.paravane.core.blkif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * dom0's local grant table: references stay positive and above the reserved ones when they
 * wrap, a revoked reference never maps again, and grants whose slots are taken overflow.
 */
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

    /**
     * Every slot of the array holds a live grant: the references whose slots are taken are
     * skipped, then the grant goes to the overflow map, and maps and revokes find it there.
     */
    @Test
    void aGrantWhoseSlotsAreAllTakenGoesToTheOverflowMap() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(4096, 4096);
            MemorySegment other = arena.allocate(4096, 4096);
            LocalGrantTable t = new LocalGrantTable();
            for (int i = 0; i < LocalGrantTable.SLOTS; i++) {
                assertEquals(8 + i, t.grant(page, false));
            }
            assertEquals(0, t.overflowCount());
            int ref = t.grant(other, true);
            assertEquals(8 + LocalGrantTable.SLOTS + LocalGrantTable.SKIPS, ref,
                    "the references before it had slots held by live grants");
            assertEquals(1, t.overflowCount());
            assertEquals(LocalGrantTable.SLOTS + 1, t.grantCount());
            FrontendMemory.MappedPage p = t.map(ref, true);
            assertEquals(other.address(), p.segment().address());
            t.unmap(p);
            assertThrows(FrontendMemory.PageMapException.class, () -> t.map(ref, false), "read-only grant");
            assertThrows(FrontendMemory.PageMapException.class, () -> t.map(ref - LocalGrantTable.SKIPS, true),
                    "a skipped reference was never granted");
            t.revoke(ref);
            assertEquals(0, t.overflowCount());
            assertThrows(FrontendMemory.PageMapException.class, () -> t.map(ref, true));
            assertEquals(page.address(), t.map(8, false).segment().address(), "the slot's own grant is untouched");
        }
    }

    /** A revoked reference stays dead when a new grant takes its slot: the new one gets a new reference. */
    @Test
    void aRevokedReferenceDoesNotReachTheNextGrantInItsSlot() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment first = arena.allocate(4096, 4096);
            MemorySegment second = arena.allocate(4096, 4096);
            LocalGrantTable t = new LocalGrantTable(100);
            assertEquals(100, t.grant(first, false));
            t.revoke(100);
            // in t: a new grant lands in slot 100 under a reference other than 100
            for (int i = 1; i < LocalGrantTable.SLOTS; i++) {
                t.revoke(t.grant(first, false));
            }
            int again = t.grant(second, false);
            assertEquals(100 + LocalGrantTable.SLOTS, again, "same slot, new reference");
            assertThrows(FrontendMemory.PageMapException.class, () -> t.map(100, false));
            assertEquals(second.address(), t.map(again, false).segment().address());
            assertEquals(1, t.grantCount());
        }
    }
}

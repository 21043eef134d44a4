package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ParallelSet} without a disk: which queued requests may be served at the same time. */
class ParallelSetTest {

    private static Transfer at(long offset, long bytes, boolean write) {
        return new Transfer(write, offset, List.of(MemorySegment.ofAddress(4096).reinterpret(bytes)), bytes, true, null);
    }

    private static TransferBatch batch(Transfer first) {
        return new TransferBatch(first, 8 << 20, 1024);
    }

    @Test
    void requestsThatDoNotOverlapJoinUpToTheLimit() {
        ParallelSet set = new ParallelSet(batch(at(0, 4096, false)), 3);
        assertTrue(set.accepts(at(1 << 20, 4096, true)), "elsewhere, other direction");
        set.add(batch(at(1 << 20, 4096, true)));
        assertTrue(set.accepts(at(4096, 4096, false)), "touching is not overlapping");
        set.add(batch(at(4096, 4096, false)));
        assertFalse(set.accepts(at(2 << 20, 4096, false)), "the set is full");
        assertEquals(3, set.members().size());
    }

    @Test
    void anOverlapABadRequestOrAnEmptyOneStopsTheSet() {
        ParallelSet set = new ParallelSet(batch(at(8192, 8192, true)), 16);
        assertFalse(set.accepts(at(12288, 4096, false)), "inside a member");
        assertFalse(set.accepts(at(4096, 8192, true)), "overlaps the member's start");
        assertFalse(set.accepts(at(0, 1 << 20, false)), "covers the member");
        assertFalse(set.accepts(new Transfer(false, 1 << 20, List.of(), 0, true, null)), "empty");
        assertFalse(set.accepts(new Transfer(false, 1 << 20, List.of(), 4096, true, "bad")), "has a problem");
        assertFalse(set.accepts(new Transfer(false, 1 << 20, List.of(), 4096, false, null)), "must be bounced");
        assertThrows(IllegalArgumentException.class, () -> set.add(batch(at(8192, 512, false))));
        assertEquals(1, set.members().size());
    }

    @Test
    void aMemberThatEndedMakesRoomAndItsRangeFree() {
        TransferBatch first = batch(at(0, 4096, true));
        ParallelSet set = new ParallelSet(first, 1);
        assertFalse(set.accepts(at(0, 4096, true)), "full, and overlapping");
        set.remove(first);
        assertTrue(set.accepts(at(0, 4096, true)), "the same bytes may be written again once the first has ended");
        assertThrows(IllegalArgumentException.class, () -> set.remove(first));
    }

    @Test
    void aMemberThatGrewCoversItsWholeRange() {
        TransferBatch first = batch(at(0, 4096, true));
        first.add(at(4096, 4096, true));
        ParallelSet set = new ParallelSet(first, 16);
        assertFalse(set.clear(at(4096, 512, false)), "inside the request that joined the first member");
        assertTrue(set.clear(at(8192, 4096, false)));
    }
}

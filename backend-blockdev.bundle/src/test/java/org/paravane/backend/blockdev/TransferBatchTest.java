package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which queued requests one system call may serve, the iovecs it gets, and what a result covers. */
class TransferBatchTest {

    private static final int K64 = 64 * 1024;

    private final Arena arena = Arena.ofAuto();

    private Transfer transfer(boolean write, long offset, MemorySegment... bufs) {
        long bytes = 0;
        for (MemorySegment b : bufs) {
            bytes += b.byteSize();
        }
        return new Transfer(write, offset, List.of(bufs), bytes, true, null);
    }

    private MemorySegment buf(long bytes) {
        return arena.allocate(bytes, 4096);
    }

    @Test
    void acceptsOnlyTheSameDirectionContinuingOnTheDisk() {
        TransferBatch batch = new TransferBatch(transfer(true, 0, buf(K64)), 1 << 20, 1024);
        assertTrue(batch.accepts(transfer(true, K64, buf(K64))));
        assertFalse(batch.accepts(transfer(false, K64, buf(K64))), "a read never joins a write");
        assertFalse(batch.accepts(transfer(true, K64 + 512, buf(K64))), "a gap on the disk");
        assertFalse(batch.accepts(transfer(true, 0, buf(K64))), "the same place again");
        assertFalse(batch.accepts(new Transfer(true, K64, List.of(buf(K64)), K64, false, null)),
                "pieces the kernel cannot take (bounce buffer)");
        assertFalse(batch.accepts(new Transfer(true, K64, List.of(buf(K64)), K64, true, "bad")), "a refused request");
        assertThrows(IllegalArgumentException.class, () -> batch.add(transfer(true, 2 * K64, buf(K64))));
        batch.add(transfer(true, K64, buf(K64)));
        assertTrue(batch.accepts(transfer(true, 2 * K64, buf(K64))), "continues the new last part");
        assertFalse(batch.accepts(transfer(true, K64, buf(K64))), "continues the first part, not the batch");
        assertEquals(2 * K64, batch.bytes());
        assertEquals(0, batch.offset());
        assertTrue(batch.write());
    }

    @Test
    void staysWithinTheByteCeilingAndIovMax() {
        TransferBatch bytes = new TransferBatch(transfer(false, 0, buf(3 * K64)), 4 * K64, 1024);
        assertTrue(bytes.accepts(transfer(false, 3 * K64, buf(K64))));
        assertFalse(bytes.accepts(transfer(false, 3 * K64, buf(2 * K64))), "would exceed the byte ceiling");

        MemorySegment page = buf(4096);
        MemorySegment[] three = {page, page, page};
        TransferBatch pieces = new TransferBatch(transfer(false, 0, three), 1 << 30, 5);
        assertTrue(pieces.accepts(transfer(false, 3 * 4096, page, page)));
        assertFalse(pieces.accepts(transfer(false, 3 * 4096, page, page, page)), "would exceed IOV_MAX entries");

        // a single request larger than the ceiling still forms a batch of its own
        TransferBatch big = new TransferBatch(transfer(true, 0, buf(8 * K64)), 4 * K64, 1024);
        assertEquals(1, big.parts().size());
        assertFalse(big.accepts(transfer(true, 8 * K64, buf(512))));
    }

    @Test
    void iovecsJoinPiecesAdjacentInMemoryAcrossRequests() {
        MemorySegment whole = buf(4 * K64);
        MemorySegment other = buf(K64);
        TransferBatch batch = new TransferBatch(transfer(true, 0, whole.asSlice(0, K64), whole.asSlice(K64, K64)),
                1 << 20, 1024);
        batch.add(transfer(true, 2 * K64, whole.asSlice(2 * K64, K64)));
        batch.add(transfer(true, 3 * K64, other));
        batch.add(transfer(true, 4 * K64, whole.asSlice(3 * K64, K64)));
        MemorySegment iov = arena.allocate(16 * 16, 8);

        assertEquals(3, batch.fillIov(iov, true));
        assertEntry(iov, 0, whole.address(), 3 * K64);
        assertEntry(iov, 1, other.address(), K64);
        assertEntry(iov, 2, whole.address() + 3 * K64, K64);

        assertEquals(5, batch.fillIov(iov, false), "one entry per piece without joining");
        assertEntry(iov, 1, whole.address() + K64, K64);
        assertEntry(iov, 4, whole.address() + 3 * K64, K64);
    }

    @Test
    void aResultCoversOnlyWholeRequests() {
        TransferBatch batch = new TransferBatch(transfer(false, 0, buf(K64)), 1 << 20, 1024);
        batch.add(transfer(false, K64, buf(2 * K64)));
        batch.add(transfer(false, 3 * K64, buf(K64)));
        assertEquals(0, batch.coveredBy(-1), "an error covers nothing");
        assertEquals(0, batch.coveredBy(0));
        assertEquals(0, batch.coveredBy(K64 - 512));
        assertEquals(1, batch.coveredBy(K64));
        assertEquals(1, batch.coveredBy(3 * K64 - 512), "the second request was cut short");
        assertEquals(2, batch.coveredBy(3 * K64));
        assertEquals(3, batch.coveredBy(4 * K64));
    }

    @Test
    void splitsIntoConsecutiveGroupsEvenInCount() {
        TransferBatch batch = new TransferBatch(transfer(true, 0, buf(K64)), 1 << 20, 1024);
        for (int i = 1; i < 7; i++) {
            batch.add(transfer(true, (long) i * K64, buf(K64)));
        }
        List<TransferBatch> groups = batch.split(3);
        assertEquals(List.of(2, 2, 3), groups.stream().map(g -> g.parts().size()).toList());
        assertEquals(List.of(0L, 2L * K64, 4L * K64), groups.stream().map(TransferBatch::offset).toList());
        assertEquals(List.of(2L * K64, 2L * K64, 3L * K64), groups.stream().map(TransferBatch::bytes).toList());
        assertEquals(batch.parts(), groups.stream().flatMap(g -> g.parts().stream()).toList(), "same parts, same order");
        assertEquals(7, batch.split(16).size(), "never more groups than parts");
        assertEquals(1, batch.split(1).size());
        assertEquals(batch.parts(), batch.split(1).getFirst().parts());
    }

    private static void assertEntry(MemorySegment iov, int i, long address, long length) {
        assertEquals(address, iov.getAtIndex(ValueLayout.JAVA_LONG, 2L * i), "iovec " + i + " base");
        assertEquals(length, iov.getAtIndex(ValueLayout.JAVA_LONG, 2L * i + 1), "iovec " + i + " length");
    }
}

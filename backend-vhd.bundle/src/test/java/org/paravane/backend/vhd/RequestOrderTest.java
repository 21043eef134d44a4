package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ordering rules between parallel reads and serial writes, and the split of a read. */
class RequestOrderTest {

    @Test
    void aReadOverlappingAnUnfinishedWriteIsNotAdmitted() {
        RequestOrder order = new RequestOrder();
        RequestOrder.Ticket w = order.admitWrite(100, 108);
        assertNull(order.admitRead(104, 105), "inside the write");
        assertNull(order.admitRead(90, 101), "overlapping its first sector");
        assertNull(order.admitRead(107, 200), "overlapping its last sector");
        assertNotNull(order.admitRead(108, 116), "right after it: half-open ranges");
        assertNotNull(order.admitRead(92, 100), "right before it");
        order.finished(w);
        assertNotNull(order.admitRead(104, 105), "admitted once the write has finished");
        assertEquals(3, order.readsInFlight());
        assertEquals(0, order.writesInFlight());
    }

    @Test
    void aWriteWaitsOnlyForEarlierOverlappingReads() throws Exception {
        RequestOrder order = new RequestOrder();
        RequestOrder.Ticket a = order.admitRead(0, 8);
        RequestOrder.Ticket b = order.admitRead(8, 16);
        RequestOrder.Ticket c = order.admitRead(64, 72);
        RequestOrder.Ticket w = order.admitWrite(4, 12);
        assertEquals(List.of(a, b), w.earlierReads());
        RequestOrder.Ticket later = order.admitRead(70, 80);
        assertNotNull(later);
        assertFalse(w.earlierReads().contains(later), "a read submitted after the write is not waited for");
        order.finished(a);
        order.finished(b);
        assertTrue(a.isFinished() && b.isFinished());
        w.awaitEarlierReads(); // returns: both are finished
        assertFalse(c.isFinished());
        order.finished(c);
        order.finished(later);
        order.finished(w);
        assertEquals(0, order.readsInFlight());
    }

    @Test
    void theWholeDiskTaskBlocksEveryRead() {
        RequestOrder order = new RequestOrder();
        RequestOrder.Ticket all = order.admitWrite(0, Long.MAX_VALUE);
        assertNull(order.admitRead(0, 1));
        assertNull(order.admitRead(Long.MAX_VALUE - 1, Long.MAX_VALUE));
        order.finished(all);
        assertNotNull(order.admitRead(0, 1));
    }

    @Test
    void endSaturatesInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, RequestOrder.end(Long.MAX_VALUE - 2, 8));
        assertEquals(24, RequestOrder.end(16, 8));
    }

    @Test
    void slicesCutAScatterGatherListAtAnyByte() {
        byte[] one = new byte[1024];
        byte[] two = new byte[2048];
        for (int i = 0; i < two.length; i++) {
            two[i] = (byte) i;
        }
        List<MemorySegment> bufs = List.of(MemorySegment.ofArray(one), MemorySegment.ofArray(two));
        List<MemorySegment> mid = VhdBlockDisk.slice(bufs, 512, 2048);
        assertEquals(2, mid.size());
        assertEquals(512, mid.get(0).byteSize());
        assertEquals(1024, mid.get(1).byteSize());
        List<MemorySegment> tail = VhdBlockDisk.slice(bufs, 2048, 3072);
        assertEquals(1, tail.size());
        assertEquals((byte) 1024, tail.get(0).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        assertEquals(0, VhdBlockDisk.slice(bufs, 3072, 3072).size());
    }
}

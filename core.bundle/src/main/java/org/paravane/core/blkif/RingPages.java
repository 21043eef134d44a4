package org.paravane.core.blkif;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.paravane.api.abi.BlkifRequestLayout;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.Sring;
import org.paravane.api.abi.SringHeaderLayout;

/**
 * The bytes of a shared ring of one or more pages (facts §4.1): the 64-byte header at the
 * start of the first page, then fixed-size slots. Pages need not be contiguous in dom0 (each
 * grant is its own mapping), so a slot may straddle two pages; reads and writes go piecewise.
 * The header indices are read with acquire and written with release semantics.
 */
public final class RingPages {

    private static final VarHandle U32 = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment[] pages;
    private final int slots;

    /** A ring over {@code pages} (each 4096 bytes) with blkif-sized slots. */
    public RingPages(List<MemorySegment> pages) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one page");
        }
        this.pages = pages.toArray(MemorySegment[]::new);
        for (MemorySegment p : this.pages) {
            if (p.byteSize() != Platform.PAGE_SIZE) {
                throw new IllegalArgumentException("ring page of " + p.byteSize() + " bytes");
            }
        }
        this.slots = slotsFor(pages.size());
    }

    /** The number of blkif slots of a ring of {@code pages} pages: a power of two (facts §4.1). */
    public static int slotsFor(int pages) {
        long n = ((long) pages * Platform.PAGE_SIZE - Sring.HEADER_SIZE) / BlkifRequestLayout.SIZEOF;
        return Integer.highestOneBit((int) n);
    }

    /** The number of slots. */
    public int slots() {
        return slots;
    }

    /** Front-side initialisation (§4.1): both producers 0, both events 1, pad zero. */
    public void initialise() {
        pages[0].asSlice(0, Sring.HEADER_SIZE).fill((byte) 0);
        U32.setRelease(pages[0], (long) SringHeaderLayout.REQ_EVENT, 1);
        U32.setRelease(pages[0], (long) SringHeaderLayout.RSP_EVENT, 1);
    }

    /** Reads a header index (acquire: entries before it are visible). */
    public int index(int field) {
        return (int) U32.getAcquire(pages[0], (long) field);
    }

    /** Writes a header index (release: entries before it are visible first). */
    public void setIndex(int field, int value) {
        U32.setRelease(pages[0], (long) field, value);
    }

    /** A full fence between publishing an index and reading the peer's event (§4.4 step 4). */
    public static void fullFence() {
        VarHandle.fullFence();
    }

    private long slotOffset(int index) {
        return Sring.HEADER_SIZE + (long) (index & (slots - 1)) * BlkifRequestLayout.SIZEOF;
    }

    /** Copies {@code len} bytes of slot {@code index} into {@code dst} (the single fetch of §4.3). */
    public void readSlot(int index, MemorySegment dst, int len) {
        copy(slotOffset(index), dst, len, true);
    }

    /** Writes {@code len} bytes of {@code src} into slot {@code index}. */
    public void writeSlot(int index, MemorySegment src, int len) {
        copy(slotOffset(index), src, len, false);
    }

    private void copy(long ringOffset, MemorySegment local, int len, boolean fromRing) {
        long done = 0;
        while (done < len) {
            long off = ringOffset + done;
            int page = (int) (off / Platform.PAGE_SIZE);
            long inPage = off % Platform.PAGE_SIZE;
            long n = Math.min(len - done, Platform.PAGE_SIZE - inPage);
            if (fromRing) {
                MemorySegment.copy(pages[page], inPage, local, done, n);
            } else {
                MemorySegment.copy(local, done, pages[page], inPage, n);
            }
            done += n;
        }
    }
}

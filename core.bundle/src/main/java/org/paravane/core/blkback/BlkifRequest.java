package org.paravane.core.blkback;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.paravane.api.abi.Blkif;
import org.paravane.api.abi.BlkifOp;
import org.paravane.api.abi.BlkifRequestDiscardLayout;
import org.paravane.api.abi.BlkifRequestIndirectLayout;
import org.paravane.api.abi.BlkifRequestLayout;
import org.paravane.api.abi.BlkifSegmentLayout;

/**
 * One request as decoded from the backend's private copy of the ring slot (facts §5.1): the
 * fields are read from that copy only, never again from shared memory. Nothing is validated
 * here ({@link RequestChecks} does that).
 *
 * @param operation      BLKIF_OP_* as written
 * @param id             echoed in the response
 * @param sector         start sector in 512-byte units
 * @param nrSegments     segments (u8 for direct requests, u16 for indirect)
 * @param segments       the direct segments (at most 11 decoded)
 * @param indirectOp     INDIRECT: the READ/WRITE it carries
 * @param indirectGrefs  INDIRECT: the descriptor pages (8 decoded)
 * @param discardSectors DISCARD: number of sectors
 */
public record BlkifRequest(int operation, long id, long sector, int nrSegments, List<Segment> segments,
        int indirectOp, int[] indirectGrefs, long discardSectors) {

    /** One {@code blkif_request_segment}. */
    public record Segment(int gref, int firstSect, int lastSect) {
        /** Sectors covered (512-byte units); meaningful only once checked. */
        public int sectors() {
            return lastSect - firstSect + 1;
        }
    }

    /** Decodes a private 112-byte copy. */
    public static BlkifRequest decode(MemorySegment copy) {
        int op = Byte.toUnsignedInt(copy.get(ValueLayout.JAVA_BYTE, BlkifRequestLayout.OPERATION));
        long id = copy.get(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestLayout.ID);
        long sector = copy.get(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestLayout.SECTOR_NUMBER);
        if (op == BlkifOp.DISCARD) {
            long n = copy.get(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestDiscardLayout.NR_SECTORS);
            return new BlkifRequest(op, id, sector, 0, List.of(), 0, new int[0], n);
        }
        if (op == BlkifOp.INDIRECT) {
            int indirectOp = Byte.toUnsignedInt(copy.get(ValueLayout.JAVA_BYTE, BlkifRequestIndirectLayout.INDIRECT_OP));
            int nr = Short.toUnsignedInt(copy.get(ValueLayout.JAVA_SHORT_UNALIGNED, BlkifRequestIndirectLayout.NR_SEGMENTS));
            int[] grefs = new int[Blkif.MAX_INDIRECT_PAGES_PER_REQUEST];
            for (int i = 0; i < grefs.length; i++) {
                grefs[i] = copy.get(ValueLayout.JAVA_INT_UNALIGNED, BlkifRequestIndirectLayout.INDIRECT_GREFS + 4L * i);
            }
            return new BlkifRequest(op, id, sector, nr, List.of(), indirectOp, grefs, 0);
        }
        int nr = Byte.toUnsignedInt(copy.get(ValueLayout.JAVA_BYTE, BlkifRequestLayout.NR_SEGMENTS));
        int decoded = Math.min(nr, Blkif.MAX_SEGMENTS_PER_REQUEST);
        return new BlkifRequest(op, id, sector, nr, segments(copy, BlkifRequestLayout.SEG, decoded), 0, new int[0], 0);
    }

    /** Decodes {@code count} segment descriptors at {@code offset} of a private copy. */
    public static List<Segment> segments(MemorySegment copy, long offset, int count) {
        List<Segment> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long o = offset + (long) i * BlkifSegmentLayout.SIZEOF;
            out.add(new Segment(copy.get(ValueLayout.JAVA_INT_UNALIGNED, o + BlkifSegmentLayout.GREF),
                    Byte.toUnsignedInt(copy.get(ValueLayout.JAVA_BYTE, o + BlkifSegmentLayout.FIRST_SECT)),
                    Byte.toUnsignedInt(copy.get(ValueLayout.JAVA_BYTE, o + BlkifSegmentLayout.LAST_SECT))));
        }
        return List.copyOf(out);
    }
}

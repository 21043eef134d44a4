package org.paravane.core.blkback;

import java.util.List;
import org.paravane.api.abi.Blkif;
import org.paravane.api.abi.BlkifOp;
import org.paravane.api.abi.BlkifRsp;

/**
 * Validation of a decoded request against the disk (facts §5.1-5.2). Every check is on the
 * private copy; a failure is a blkif status for the response, never an exception toward the
 * guest. Unknown, reserved and unadvertised operations are {@code EOPNOTSUPP}; malformed
 * requests (segment counts, sector ranges, writes to a read-only disk) are {@code ERROR}.
 */
public final class RequestChecks {

    private RequestChecks() {
    }

    /** The status of an operation as such: OKAY when it may proceed to segment checks. */
    public static int checkOperation(BlkifRequest r, DiskGeometry g, int maxIndirectSegments) {
        switch (r.operation()) {
            case BlkifOp.READ -> {
                return directSegments(r, false);
            }
            case BlkifOp.WRITE -> {
                return g.readOnly() ? BlkifRsp.ERROR : directSegments(r, false);
            }
            case BlkifOp.WRITE_BARRIER -> {
                if (!g.barrier()) {
                    return g.readOnly() ? BlkifRsp.ERROR : BlkifRsp.EOPNOTSUPP;
                }
                return directSegments(r, true);
            }
            case BlkifOp.FLUSH_DISKCACHE -> {
                return g.flush() ? BlkifRsp.OKAY : BlkifRsp.EOPNOTSUPP;
            }
            case BlkifOp.DISCARD -> {
                if (g.readOnly()) {
                    return BlkifRsp.ERROR;
                }
                if (!g.discard()) {
                    return BlkifRsp.EOPNOTSUPP;
                }
                return range(r.sector(), r.discardSectors(), g);
            }
            case BlkifOp.INDIRECT -> {
                if (maxIndirectSegments == 0) {
                    return BlkifRsp.EOPNOTSUPP;
                }
                if (r.indirectOp() != BlkifOp.READ && r.indirectOp() != BlkifOp.WRITE) {
                    return BlkifRsp.ERROR;
                }
                if (r.indirectOp() == BlkifOp.WRITE && g.readOnly()) {
                    return BlkifRsp.ERROR;
                }
                return r.nrSegments() < 1 || r.nrSegments() > maxIndirectSegments ? BlkifRsp.ERROR : BlkifRsp.OKAY;
            }
            default -> {
                return BlkifRsp.EOPNOTSUPP; // RESERVED_1 and anything unknown
            }
        }
    }

    private static int directSegments(BlkifRequest r, boolean zeroAllowed) {
        int n = r.nrSegments();
        if ((n == 0 && !zeroAllowed) || n > Blkif.MAX_SEGMENTS_PER_REQUEST) {
            return BlkifRsp.ERROR;
        }
        return BlkifRsp.OKAY;
    }

    /**
     * Checks segments (first ≤ last ≤ 7), the sector range against the disk and the
     * alignment to the disk's sector size.
     */
    public static int checkSegments(long sector, List<BlkifRequest.Segment> segs, DiskGeometry g) {
        long total = 0;
        int perPage = 4096 / Blkif.SECTOR_SIZE;
        int unit = g.sectorSize() / Blkif.SECTOR_SIZE;
        for (BlkifRequest.Segment s : segs) {
            if (s.firstSect() > s.lastSect() || s.lastSect() >= perPage) {
                return BlkifRsp.ERROR;
            }
            if (s.sectors() % unit != 0) {
                return BlkifRsp.ERROR;
            }
            total += s.sectors();
        }
        return range(sector, total, g);
    }

    /** {@code [sector, sector + count)} lies on the disk and is aligned to its sector size. */
    static int range(long sector, long count, DiskGeometry g) {
        if (sector < 0 || count < 0 || count > g.sectors() || sector > g.sectors() - count) {
            return BlkifRsp.ERROR;
        }
        int unit = g.sectorSize() / Blkif.SECTOR_SIZE;
        if (sector % unit != 0 || count % unit != 0) {
            return BlkifRsp.ERROR;
        }
        return BlkifRsp.OKAY;
    }
}

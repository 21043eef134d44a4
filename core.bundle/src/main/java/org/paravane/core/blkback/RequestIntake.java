package org.paravane.core.blkback;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.paravane.api.abi.Blkif;
import org.paravane.api.abi.BlkifOp;
import org.paravane.api.abi.BlkifRsp;
import org.paravane.api.abi.BlkifSegmentLayout;
import org.paravane.core.blkif.FrontendMemory;
import org.paravane.core.blkif.FrontendMemory.MappedPage;
import org.paravane.core.blkif.FrontendMemory.PageMapException;

/**
 * Turns one request (already copied off the ring) into a {@link Pending} with its data pages
 * mapped, or into a blkif status: operation checks, indirect descriptor pages (mapped
 * read-only, copied once, unmapped), segment and range checks, then the data pages (read-only
 * for writes, writable for reads). A page that cannot be mapped is {@code ERROR}; nothing
 * stays mapped after a failure.
 */
final class RequestIntake {

    /** The outcome: a pending request, or a status to answer at once. */
    record Result(Pending pending, int status) {
    }

    private final FrontendMemory memory;
    private final int maxIndirectSegments;
    private final MemorySegment indirectCopy;

    RequestIntake(FrontendMemory memory, int maxIndirectSegments) {
        this.memory = memory;
        this.maxIndirectSegments = maxIndirectSegments;
        this.indirectCopy = Arena.ofAuto().allocate(
                (long) Blkif.MAX_INDIRECT_PAGES_PER_REQUEST * 4096, 8);
    }

    Result take(long seq, BlkifRequest r, DiskGeometry g) {
        int status = RequestChecks.checkOperation(r, g, maxIndirectSegments);
        if (status != BlkifRsp.OKAY) {
            return new Result(null, status);
        }
        int unit = g.sectorSize() / Blkif.SECTOR_SIZE;
        switch (r.operation()) {
            case BlkifOp.FLUSH_DISKCACHE -> {
                return ok(new Pending(seq, r.id(), r.operation(), r.operation(), 0, 0, List.of(), List.of()));
            }
            case BlkifOp.DISCARD -> {
                return ok(new Pending(seq, r.id(), r.operation(), r.operation(), r.sector() / unit,
                        r.discardSectors() / unit, List.of(), List.of()));
            }
            case BlkifOp.INDIRECT -> {
                List<BlkifRequest.Segment> segs;
                try {
                    segs = indirectSegments(r);
                } catch (PageMapException e) {
                    return new Result(null, BlkifRsp.ERROR);
                }
                return data(seq, r, r.indirectOp(), segs, g);
            }
            default -> {
                return data(seq, r, r.operation(), r.segments(), g);
            }
        }
    }

    private static Result ok(Pending p) {
        return new Result(p, BlkifRsp.OKAY);
    }

    /** Maps each descriptor page read-only, copies its descriptors once, unmaps it. */
    private List<BlkifRequest.Segment> indirectSegments(BlkifRequest r) throws PageMapException {
        int n = r.nrSegments();
        int pages = (n + Blkif.SEGS_PER_INDIRECT_FRAME - 1) / Blkif.SEGS_PER_INDIRECT_FRAME;
        int left = n;
        for (int i = 0; i < pages; i++) {
            MappedPage page = memory.map(r.indirectGrefs()[i], true);
            try {
                int count = Math.min(left, Blkif.SEGS_PER_INDIRECT_FRAME);
                MemorySegment.copy(page.segment(), 0, indirectCopy, (long) i * 4096, (long) count * BlkifSegmentLayout.SIZEOF);
                left -= count;
            } finally {
                memory.unmap(page);
            }
        }
        // Descriptors are contiguous in the private copy only page by page; decode per page.
        List<BlkifRequest.Segment> out = new ArrayList<>(n);
        left = n;
        for (int i = 0; i < pages; i++) {
            int count = Math.min(left, Blkif.SEGS_PER_INDIRECT_FRAME);
            out.addAll(BlkifRequest.segments(indirectCopy, (long) i * 4096, count));
            left -= count;
        }
        return out;
    }

    private Result data(long seq, BlkifRequest r, int op, List<BlkifRequest.Segment> segs, DiskGeometry g) {
        int status = RequestChecks.checkSegments(r.sector(), segs, g);
        if (status != BlkifRsp.OKAY) {
            return new Result(null, status);
        }
        boolean toDisk = op != BlkifOp.READ; // the backend only reads the guest's pages
        List<MappedPage> mapped = new ArrayList<>(segs.size());
        List<MemorySegment> buffers = new ArrayList<>(segs.size());
        try {
            for (BlkifRequest.Segment s : segs) {
                MappedPage p = memory.map(s.gref(), toDisk);
                mapped.add(p);
                buffers.add(p.segment().asSlice((long) s.firstSect() * Blkif.SECTOR_SIZE,
                        (long) s.sectors() * Blkif.SECTOR_SIZE));
            }
        } catch (PageMapException | RuntimeException e) {
            mapped.forEach(memory::unmap);
            return new Result(null, BlkifRsp.ERROR);
        }
        int unit = g.sectorSize() / Blkif.SECTOR_SIZE;
        return ok(new Pending(seq, r.id(), r.operation(), op, r.sector() / unit, 0, List.copyOf(mapped),
                List.copyOf(buffers)));
    }
}

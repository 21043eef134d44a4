package org.paravane.backend.vhd;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paravane.api.blk.BlockIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open VHD file (fixed, dynamic or differencing), validated on open, with sector reads
 * and writes. A differencing image reads the sectors its bitmaps do not hold from its
 * {@link #parent()}.
 *
 * <p>Concurrency. One thread at a time writes (and flushes, reloads). Reads may run on other
 * threads at the same time, as long as no read overlaps a write in progress ({@link
 * VhdBlockDisk} orders overlapping requests). That is enough because a write never changes
 * what <em>other</em> sectors read as: an allocation fills only the written sectors of a
 * block that lies beyond all data written before (the rest of its data area is a hole and
 * reads as zeros; in a differencing image the bitmap sends the rest to the parent), and it
 * stores the in-memory BAT entry only after data and bitmap are on disk, so a reader that
 * sees the entry finds the block complete, and one that does not reads the old content of
 * its own (untouched) sectors. Bitmap arrays are never changed once published (a write
 * publishes a changed copy); loading a bitmap from the file and storing a changed bitmap
 * (file, then cache) hold the cache's monitor, so a reader never caches a stale or torn
 * bitmap. Reads are positional ({@code pread}) on the one channel.
 */
public final class VhdImage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VhdImage.class);
    private static final int BITMAP_CACHE_BLOCKS = 4096;

    private final Path path;
    private final FileChannel channel;
    private final ImageFile file;
    private final boolean writable;
    private VhdFooter footer;
    private VhdHeader header;
    private int[] bat;
    /** Where the trailing footer lives; the next block is allocated here. */
    private long footerOffset;
    private long sectors;
    private final SizeSource sizeSource;
    private VhdImage parent;
    private AllocationStep.Observer observer = AllocationStep.Observer.NONE;
    private final Map<Integer, byte[]> bitmaps = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> e) {
            return size() > BITMAP_CACHE_BLOCKS;
        }
    };

    private VhdImage(Path path, FileChannel channel, boolean writable, SizeSource sizeSource) {
        this.path = path;
        this.channel = channel;
        this.file = new ImageFile(path, channel);
        this.writable = writable;
        this.sizeSource = sizeSource;
    }

    /**
     * Opens and validates one VHD file; a differencing image's parent is not opened (see
     * {@link VhdChain}).
     *
     * @throws BlockIoException naming the file and the problem
     */
    public static VhdImage open(Path path, boolean writable, SizeSource sizeSource) throws BlockIoException {
        if (!Files.isRegularFile(path)) {
            throw new BlockIoException(BlockIoException.Kind.NOT_FOUND, path + ": no such VHD file");
        }
        FileChannel ch;
        try {
            ch = writable ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw Vhd.io(path, "cannot open", e);
        }
        VhdImage img = new VhdImage(path, ch, writable, sizeSource);
        try {
            img.load();
            return img;
        } catch (IOException e) {
            img.close();
            throw Vhd.io(path, "cannot read", e);
        } catch (RuntimeException e) {
            img.close();
            throw e;
        }
    }

    private void load() throws IOException {
        long size = channel.size();
        if (size < Vhd.FOOTER_SIZE) {
            throw Vhd.bad(path, "truncated: the file is " + size + " bytes, shorter than the 512-byte footer");
        }
        boolean trailingValid = true;
        long trailingAt = size - Vhd.FOOTER_SIZE;
        try {
            footer = VhdFooter.decode(readBuffer(trailingAt, Vhd.FOOTER_SIZE), path, trailingAt);
        } catch (BlockIoException trailingProblem) {
            // Dynamic disks keep a footer copy in sector 0 for exactly this case (spec: "Hard
            // Disk Footer Format"); fall back to it, or report the trailing footer's problem.
            VhdFooter copy = headCopy(size);
            if (copy == null) {
                throw trailingProblem;
            }
            LOG.warn("{}: trailing footer unusable ({}); using the copy in sector 0", path,
                    trailingProblem.getMessage());
            footer = copy;
            trailingValid = false;
        }
        if (!footer.sparse()) {
            if (trailingAt < footer.currentSize()) {
                throw Vhd.bad(path, "truncated: fixed disk of " + footer.currentSize() + " bytes needs "
                        + (footer.currentSize() + Vhd.FOOTER_SIZE) + " bytes of file, the file has " + size);
            }
            footerOffset = trailingAt;
            sectors = Math.min(sizeSource.sectors(footer), footer.currentSize() / Vhd.SECTOR);
            return;
        }
        long ho = footer.dataOffset();
        if (ho + Vhd.HEADER_SIZE > size) {
            throw Vhd.bad(path, "truncated: the dynamic header at offset " + ho + " lies beyond the end of the file ("
                    + size + " bytes)");
        }
        header = VhdHeader.decode(readBuffer(ho, Vhd.HEADER_SIZE), path, ho);
        long entries = Integer.toUnsignedLong(header.maxTableEntries());
        long needed = (footer.currentSize() + header.blockSize() - 1) / header.blockSize();
        if (entries < needed) {
            throw Vhd.bad(path, "dynamic header field 'max table entries' is " + entries + " but a disk of "
                    + footer.currentSize() + " bytes in blocks of " + header.blockSize() + " needs " + needed);
        }
        if (header.tableOffset() + 4 * entries > size) {
            throw Vhd.bad(path, "truncated: the BAT (" + entries + " entries at offset " + header.tableOffset()
                    + ") extends beyond the end of the file (" + size + " bytes)");
        }
        ByteBuffer raw = readBuffer(header.tableOffset(), (int) (4 * entries));
        bat = new int[(int) entries];
        raw.asIntBuffer().get(bat);
        long limit = trailingValid ? trailingAt : size;
        long span = header.bitmapBytes() + (long) header.blockSize();
        long usedEnd = Math.max(ho + Vhd.HEADER_SIZE, header.tableOffset() + header.tableBytes());
        for (ParentLocator l : header.locators()) {
            if (l.used()) {
                usedEnd = Math.max(usedEnd, l.dataOffset() + l.spaceBytes());
            }
        }
        for (int i = 0; i < bat.length; i++) {
            if (bat[i] == Vhd.BAT_UNUSED) {
                continue;
            }
            long start = Integer.toUnsignedLong(bat[i]) * Vhd.SECTOR;
            if (start + span > limit) {
                throw Vhd.bad(path, "BAT entry " + i + " points at sector " + Integer.toUnsignedLong(bat[i])
                        + ": the block ends at byte " + (start + span) + ", beyond the end of the image data ("
                        + limit + " bytes)");
            }
            if (overlaps(start, span, 0, Vhd.FOOTER_SIZE) || overlaps(start, span, ho, Vhd.HEADER_SIZE)
                    || overlaps(start, span, header.tableOffset(), header.tableBytes())) {
                throw Vhd.bad(path, "BAT entry " + i + " points at sector " + Integer.toUnsignedLong(bat[i])
                        + ", inside the header or the BAT");
            }
            usedEnd = Math.max(usedEnd, start + span);
        }
        // The next block goes where the trailing footer is. A broken trailing footer is
        // overwritten in place when nothing else lives there, else a new one is appended.
        boolean footerSlotFree = trailingAt % Vhd.SECTOR == 0 && trailingAt >= usedEnd;
        footerOffset = footerSlotFree ? trailingAt : Vhd.roundUpToSector(size);
        sectors = Math.min(sizeSource.sectors(footer), entries * header.sectorsPerBlock());
        if (!trailingValid && writable) {
            writeBuffer(footer.encode(), footerOffset);
            LOG.warn("{}: rewrote the trailing footer at offset {}", path, footerOffset);
        }
    }

    private static boolean overlaps(long start, long length, long otherStart, long otherLength) {
        return start < otherStart + otherLength && otherStart < start + length;
    }

    private VhdFooter headCopy(long size) throws IOException {
        if (size < Vhd.FOOTER_SIZE + Vhd.HEADER_SIZE) {
            return null;
        }
        ByteBuffer head = readBuffer(0, Vhd.FOOTER_SIZE);
        if (!VhdFooter.hasCookie(head)) {
            return null;
        }
        try {
            VhdFooter f = VhdFooter.decode(head, path, 0);
            return f.sparse() ? f : null;
        } catch (BlockIoException e) {
            return null;
        }
    }

    // ---- accessors ----------------------------------------------------------------------

    /** The file. */
    public Path path() {
        return path;
    }

    /** The footer in effect. */
    public VhdFooter footer() {
        return footer;
    }

    /** The dynamic header, or {@code null} for a fixed disk. */
    public VhdHeader header() {
        return header;
    }

    /** The visible size in sectors. */
    public long sectors() {
        return sectors;
    }

    /** Whether the image was opened for writing. */
    public boolean writable() {
        return writable;
    }

    /** The parent of a differencing image once {@link VhdChain} has attached it, else {@code null}. */
    public VhdImage parent() {
        return parent;
    }

    void attachParent(VhdImage p) {
        this.parent = p;
    }

    /** Installs an observer of block allocation steps (tests simulate crashes with it). */
    public void observeAllocation(AllocationStep.Observer o) {
        this.observer = o == null ? AllocationStep.Observer.NONE : o;
    }

    /** A copy of the BAT (empty for fixed disks). */
    public int[] bat() {
        return bat == null ? new int[0] : bat.clone();
    }

    FileChannel channel() {
        return channel;
    }

    long footerOffset() {
        return footerOffset;
    }

    /** Reloads footer, header and BAT from the file (after a structural change such as resize). */
    void reload() throws IOException {
        synchronized (bitmaps) {
            bitmaps.clear();
        }
        load();
    }

    // ---- reads --------------------------------------------------------------------------

    /**
     * Reads {@code dst.byteSize() / 512} sectors from {@code sector}; sectors a differencing
     * image does not hold come from the parent chain, sectors nobody holds read as zeros.
     */
    public void read(long sector, MemorySegment dst) throws BlockIoException {
        long n = checkRange(sector, dst);
        if (n == 0) {
            return;
        }
        try {
            readLayer(sector, dst);
        } catch (IOException e) {
            throw Vhd.io(path, "read of sector " + sector, e);
        }
    }

    private long checkRange(long sector, MemorySegment seg) throws BlockIoException {
        if (seg.byteSize() % Vhd.SECTOR != 0) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    path + ": buffer of " + seg.byteSize() + " bytes is not a whole number of sectors");
        }
        long n = seg.byteSize() / Vhd.SECTOR;
        if (sector < 0 || sector > sectors || n > sectors - sector) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST, path + ": sectors " + sector + ".."
                    + (sector + n) + " are beyond the end of the disk (" + sectors + " sectors)");
        }
        return n;
    }

    /** Reads a range of this layer; the range may extend past this layer's size (zeros). */
    void readLayer(long sector, MemorySegment dst) throws IOException {
        long n = dst.byteSize() / Vhd.SECTOR;
        if (sector >= sectors) {
            dst.fill((byte) 0);
            return;
        }
        if (sector + n > sectors) {
            long inside = (sectors - sector) * Vhd.SECTOR;
            readLayer(sector, dst.asSlice(0, inside));
            dst.asSlice(inside).fill((byte) 0);
            return;
        }
        if (header == null) {
            readFully(dst, sector * Vhd.SECTOR);
            return;
        }
        int spb = header.sectorsPerBlock();
        long pos = 0;
        long s = sector;
        long remaining = n;
        while (remaining > 0) {
            int block = (int) (s / spb);
            int off = (int) (s % spb);
            int cnt = (int) Math.min(spb - off, remaining);
            MemorySegment piece = dst.asSlice(pos, (long) cnt * Vhd.SECTOR);
            readBlock(block, off, cnt, s, piece);
            pos += piece.byteSize();
            s += cnt;
            remaining -= cnt;
        }
    }

    private void readBlock(int block, int off, int cnt, long sector, MemorySegment piece) throws IOException {
        int entry = block < bat.length ? bat[block] : Vhd.BAT_UNUSED;
        if (entry == Vhd.BAT_UNUSED) {
            fromBelow(sector, piece);
            return;
        }
        long data = dataStart(entry);
        if (footer.diskType() != Vhd.TYPE_DIFFERENCING) {
            // Dynamic disks: an allocated block holds every one of its sectors (qemu and
            // Paravane allocate with a full bitmap and zeroed data).
            readFully(piece, data + (long) off * Vhd.SECTOR);
            return;
        }
        byte[] bitmap = bitmap(block, entry);
        int i = 0;
        while (i < cnt) {
            boolean here = bit(bitmap, off + i);
            int j = i + 1;
            while (j < cnt && bit(bitmap, off + j) == here) {
                j++;
            }
            MemorySegment run = piece.asSlice((long) i * Vhd.SECTOR, (long) (j - i) * Vhd.SECTOR);
            if (here) {
                readFully(run, data + (long) (off + i) * Vhd.SECTOR);
            } else {
                fromBelow(sector + i, run);
            }
            i = j;
        }
    }

    private void fromBelow(long sector, MemorySegment piece) throws IOException {
        if (footer.diskType() == Vhd.TYPE_DIFFERENCING && parent != null) {
            parent.readLayer(sector, piece);
        } else {
            piece.fill((byte) 0);
        }
    }

    /** Whether sector {@code index} of a block is present according to {@code bitmap} (MSB first). */
    static boolean bit(byte[] bitmap, int index) {
        return (bitmap[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }

    private static void setBits(byte[] bitmap, int from, int count) {
        for (int i = from; i < from + count; i++) {
            bitmap[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
    }

    private long dataStart(int entry) {
        return Integer.toUnsignedLong(entry) * Vhd.SECTOR + header.bitmapBytes();
    }

    /** The sector bitmap of an allocated block. */
    byte[] bitmap(int block, int entry) throws IOException {
        // Access order makes even get() change the map, and a load must not race a store of
        // the same bitmap: both hold the monitor (a miss is one 512-byte read per block).
        synchronized (bitmaps) {
            byte[] b = bitmaps.get(block);
            if (b == null) {
                ByteBuffer raw = readBuffer(Integer.toUnsignedLong(entry) * Vhd.SECTOR, header.bitmapBytes());
                b = new byte[header.bitmapBytes()];
                raw.get(0, b);
                bitmaps.put(block, b);
            }
            return b;
        }
    }

    /** Writes a changed bitmap to the file, then publishes it, as one step for concurrent readers. */
    private void storeBitmap(int block, byte[] b, long offset) throws IOException {
        synchronized (bitmaps) {
            writeBuffer(ByteBuffer.wrap(b), offset);
            bitmaps.put(block, b);
        }
    }

    private void cacheBitmap(int block, byte[] b) {
        synchronized (bitmaps) {
            bitmaps.put(block, b);
        }
    }

    // ---- writes -------------------------------------------------------------------------

    /** Writes {@code src.byteSize() / 512} sectors at {@code sector}, allocating blocks as needed. */
    public void write(long sector, MemorySegment src) throws BlockIoException {
        if (!writable) {
            throw new BlockIoException(BlockIoException.Kind.READ_ONLY, path + ": opened read-only");
        }
        long n = checkRange(sector, src);
        if (n == 0) {
            return;
        }
        try {
            if (header == null) {
                writeFully(src, sector * Vhd.SECTOR);
                return;
            }
            int spb = header.sectorsPerBlock();
            long pos = 0;
            long s = sector;
            long remaining = n;
            while (remaining > 0) {
                int block = (int) (s / spb);
                int off = (int) (s % spb);
                int cnt = (int) Math.min(spb - off, remaining);
                MemorySegment piece = src.asSlice(pos, (long) cnt * Vhd.SECTOR);
                if (bat[block] == Vhd.BAT_UNUSED) {
                    allocate(block, off, cnt, piece);
                } else {
                    writeAllocated(block, off, cnt, piece);
                }
                pos += piece.byteSize();
                s += cnt;
                remaining -= cnt;
            }
        } catch (IOException e) {
            throw Vhd.io(path, "write of sector " + sector, e);
        }
    }

    private void writeAllocated(int block, int off, int cnt, MemorySegment piece) throws IOException {
        int entry = bat[block];
        writeFully(piece, dataStart(entry) + (long) off * Vhd.SECTOR);
        byte[] bitmap = bitmap(block, entry);
        boolean complete = true;
        for (int i = off; i < off + cnt && complete; i++) {
            complete = bit(bitmap, i);
        }
        if (!complete) {
            // Data first, then the bit: a crash in between leaves the old (parent) content visible.
            byte[] updated = bitmap.clone();
            setBits(updated, off, cnt);
            storeBitmap(block, updated, Integer.toUnsignedLong(entry) * Vhd.SECTOR);
        }
    }

    /** Allocates {@code block} at the trailing footer's place; see {@link AllocationStep} for the order. */
    private void allocate(int block, int off, int cnt, MemorySegment piece) throws IOException {
        long start = footerOffset;
        if (start / Vhd.SECTOR >= 0xFFFF_FFFFL) {
            throw Vhd.bad(path, "the file has reached the 2 TiB limit of 32-bit BAT entries");
        }
        long end = start + header.bitmapBytes() + header.blockSize();
        writeBuffer(footer.encode(), end);
        observer.reached(AllocationStep.FOOTER_MOVED);
        writeFully(piece, start + header.bitmapBytes() + (long) off * Vhd.SECTOR);
        observer.reached(AllocationStep.DATA_WRITTEN);
        byte[] bitmap = new byte[header.bitmapBytes()];
        if (footer.diskType() == Vhd.TYPE_DIFFERENCING) {
            setBits(bitmap, off, cnt);
        } else {
            Arrays.fill(bitmap, (byte) 0xff);
        }
        writeBuffer(ByteBuffer.wrap(bitmap), start);
        observer.reached(AllocationStep.BITMAP_WRITTEN);
        channel.force(false);
        observer.reached(AllocationStep.DATA_SYNCED);
        int entry = (int) (start / Vhd.SECTOR);
        writeBuffer(ByteBuffer.allocate(4).putInt(0, entry), header.tableOffset() + 4L * block);
        bat[block] = entry;
        footerOffset = end;
        cacheBitmap(block, bitmap);
        observer.reached(AllocationStep.BAT_WRITTEN);
    }

    /** Makes every completed write durable. */
    public void flush() throws BlockIoException {
        if (!writable) {
            return;
        }
        try {
            channel.force(true);
        } catch (IOException e) {
            throw Vhd.io(path, "flush", e);
        }
    }

    // ---- raw file I/O (see ImageFile) ----------------------------------------------------

    ByteBuffer readBuffer(long offset, int length) throws IOException {
        return file.readBuffer(offset, length);
    }

    void writeBuffer(ByteBuffer b, long offset) throws IOException {
        file.writeBuffer(b, offset);
    }

    private void readFully(MemorySegment dst, long offset) throws IOException {
        file.readFully(dst, offset);
    }

    private void writeFully(MemorySegment src, long offset) throws IOException {
        file.writeFully(src, offset);
    }

    /** Closes this file and its parents. Never writes: every write is already in the file. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("{}: close failed", path, e);
        }
        if (parent != null) {
            parent.close();
        }
    }

    @Override
    public String toString() {
        return "VhdImage[" + path + ", type " + footer.diskType() + ", " + sectors + " sectors]";
    }
}

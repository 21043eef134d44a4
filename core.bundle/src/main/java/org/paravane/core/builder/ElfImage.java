package org.paravane.core.builder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A validated ELF64 RISC-V executable: its entry point and the PT_LOAD segments to copy
 * into guest RAM (ELF-64 Object File Format 1.5; RISC-V ELF psABI for EM_RISCV).
 *
 * <p>Every field the builder relies on is checked, in file order, and the first violation
 * throws an {@link InvalidKernelException} naming the file and the field: the identification
 * bytes (magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT), e_type = ET_EXEC, e_machine = EM_RISCV,
 * e_version, e_ehsize, e_phentsize, the program-header table inside the file, and for each
 * PT_LOAD segment: file bytes inside the file, p_filesz ≤ p_memsz, the memory range inside
 * the loadable window of guest RAM, no overlap with another PT_LOAD; finally e_entry inside
 * a loaded segment. Segments are placed at their physical address (p_paddr): the kernel
 * starts with paging off (docs/abi.md §2).
 */
public final class ElfImage {

    /** EM_RISCV. */
    public static final int EM_RISCV = 243;
    /** ET_EXEC. */
    public static final int ET_EXEC = 2;
    /** PT_LOAD. */
    public static final int PT_LOAD = 1;
    /** Size of an ELF64 file header. */
    public static final int EHDR_SIZE = 64;
    /** Size of an ELF64 program header. */
    public static final int PHDR_SIZE = 56;
    /** Program headers the builder reads at most (a kernel has a handful). */
    public static final int MAX_PHDRS = 64;

    /** One PT_LOAD segment: bytes [fileOffset, fileOffset+fileSize) go to paddr; the rest of memSize is zero. */
    public record Segment(long paddr, long fileOffset, long fileSize, long memSize, int flags) {
        /** First byte after the segment in guest-physical memory. */
        public long end() {
            return paddr + memSize;
        }
    }

    private final String file;
    private final byte[] data;
    private final long entry;
    private final List<Segment> segments;

    private ElfImage(String file, byte[] data, long entry, List<Segment> segments) {
        this.file = file;
        this.data = data;
        this.entry = entry;
        this.segments = List.copyOf(segments);
    }

    /**
     * Parses and validates {@code data}.
     *
     * @param file      the name used in error messages
     * @param loadStart first guest-physical byte a segment may occupy
     * @param loadEnd   first guest-physical byte after the window segments may occupy
     */
    public static ElfImage parse(String file, byte[] data, long loadStart, long loadEnd)
            throws InvalidKernelException {
        if (data.length < EHDR_SIZE) {
            throw new InvalidKernelException(file, "e_ident", "file has " + data.length
                    + " bytes, shorter than the 64-byte ELF64 header");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data[0] != 0x7F || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            throw new InvalidKernelException(file, "e_ident[EI_MAG0..3]", "not an ELF file (magic "
                    + String.format("%02x %02x %02x %02x", data[0], data[1], data[2], data[3]) + ")");
        }
        expect(file, "e_ident[EI_CLASS]", data[4], 2, "ELFCLASS64");
        expect(file, "e_ident[EI_DATA]", data[5], 1, "ELFDATA2LSB (little-endian)");
        expect(file, "e_ident[EI_VERSION]", data[6], 1, "EV_CURRENT");
        expect(file, "e_type", Short.toUnsignedInt(b.getShort(16)), ET_EXEC, "ET_EXEC (an executable)");
        expect(file, "e_machine", Short.toUnsignedInt(b.getShort(18)), EM_RISCV, "EM_RISCV");
        expect(file, "e_version", Integer.toUnsignedLong(b.getInt(20)), 1, "EV_CURRENT");
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        expect(file, "e_ehsize", Short.toUnsignedInt(b.getShort(52)), EHDR_SIZE, "the ELF64 header size");
        int phentsize = Short.toUnsignedInt(b.getShort(54));
        int phnum = Short.toUnsignedInt(b.getShort(56));
        if (phnum == 0) {
            throw new InvalidKernelException(file, "e_phnum", "0: no program headers, nothing to load");
        }
        expect(file, "e_phentsize", phentsize, PHDR_SIZE, "the ELF64 program header size");
        if (phnum > MAX_PHDRS) {
            throw new InvalidKernelException(file, "e_phnum", phnum + " program headers, at most " + MAX_PHDRS);
        }
        if (phoff < 0 || phoff > data.length || (long) phnum * PHDR_SIZE > data.length - phoff) {
            throw new InvalidKernelException(file, "e_phoff", "program-header table at " + Long.toUnsignedString(phoff)
                    + " (" + phnum + " x " + PHDR_SIZE + " bytes) lies outside the " + data.length + "-byte file");
        }
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int h = (int) (phoff + (long) i * PHDR_SIZE);
            if (b.getInt(h) != PT_LOAD) {
                continue;
            }
            Segment s = new Segment(b.getLong(h + 24), b.getLong(h + 8), b.getLong(h + 32), b.getLong(h + 40),
                    b.getInt(h + 4));
            checkSegment(file, i, s, data.length, loadStart, loadEnd);
            if (s.memSize() == 0) {
                continue;
            }
            for (Segment o : segs) {
                if (s.paddr() < o.end() && o.paddr() < s.end()) {
                    throw new InvalidKernelException(file, "p_paddr[" + i + "]", "segment " + range(s)
                            + " overlaps segment " + range(o));
                }
            }
            segs.add(s);
        }
        if (segs.isEmpty()) {
            throw new InvalidKernelException(file, "p_type", "no PT_LOAD segment with bytes to load");
        }
        segs.sort(Comparator.comparingLong(Segment::paddr));
        boolean inside = segs.stream().anyMatch(s -> Long.compareUnsigned(entry, s.paddr()) >= 0
                && Long.compareUnsigned(entry, s.end()) < 0);
        if (!inside) {
            throw new InvalidKernelException(file, "e_entry", "0x" + Long.toHexString(entry)
                    + " is not inside a loaded segment");
        }
        return new ElfImage(file, data, entry, segs);
    }

    private static void checkSegment(String file, int i, Segment s, long fileLength, long loadStart, long loadEnd)
            throws InvalidKernelException {
        if (s.fileOffset() < 0 || s.fileSize() < 0 || s.fileOffset() > fileLength
                || s.fileSize() > fileLength - s.fileOffset()) {
            throw new InvalidKernelException(file, "p_offset[" + i + "]", "file bytes at "
                    + Long.toUnsignedString(s.fileOffset()) + " + " + Long.toUnsignedString(s.fileSize())
                    + " lie outside the " + fileLength + "-byte file");
        }
        if (Long.compareUnsigned(s.fileSize(), s.memSize()) > 0) {
            throw new InvalidKernelException(file, "p_filesz[" + i + "]", s.fileSize() + " exceeds p_memsz "
                    + s.memSize());
        }
        if (s.memSize() == 0) {
            return;
        }
        if (s.memSize() < 0 || Long.compareUnsigned(s.paddr(), loadStart) < 0
                || Long.compareUnsigned(s.paddr(), loadEnd) >= 0 || s.memSize() > loadEnd - s.paddr()) {
            throw new InvalidKernelException(file, "p_paddr[" + i + "]", "segment 0x" + Long.toHexString(s.paddr())
                    + " + 0x" + Long.toHexString(s.memSize()) + " does not fit in guest RAM 0x"
                    + Long.toHexString(loadStart) + "-0x" + Long.toHexString(loadEnd));
        }
    }

    private static void expect(String file, String field, long actual, long wanted, String meaning)
            throws InvalidKernelException {
        if (actual != wanted) {
            throw new InvalidKernelException(file, field, actual + ", expected " + wanted + " (" + meaning + ")");
        }
    }

    private static String range(Segment s) {
        return "0x" + Long.toHexString(s.paddr()) + "-0x" + Long.toHexString(s.end());
    }

    /** The file name given at parse time. */
    public String file() {
        return file;
    }

    /** The entry point (guest-physical). */
    public long entry() {
        return entry;
    }

    /** The PT_LOAD segments with bytes to load, by address. */
    public List<Segment> segments() {
        return segments;
    }

    /** The file bytes of a segment (a copy). */
    public byte[] fileBytes(Segment s) {
        byte[] out = new byte[(int) s.fileSize()];
        System.arraycopy(data, (int) s.fileOffset(), out, 0, out.length);
        return out;
    }
}

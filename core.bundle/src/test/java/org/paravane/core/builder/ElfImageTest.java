package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ELF check of {@link ElfImage}: a valid image crafted here is mutated one field at a
 * time, written to a real file and read back, and the error must name that field and file.
 */
class ElfImageTest {

    private static final long RAM = 0x8000_0000L;
    private static final long LOAD_END = RAM + (4L << 20) - 3 * 4096;
    private static final long BASE = 0x8020_0000L;

    @TempDir
    Path dir;

    /** A minimal valid kernel: header, 2 program headers (PT_LOAD code, PT_LOAD bss), 64 code bytes. */
    static ByteBuffer valid() {
        ByteBuffer b = ByteBuffer.allocate(64 + 2 * 56 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2);      // ET_EXEC
        b.putShort(18, (short) 243);    // EM_RISCV
        b.putInt(20, 1);                // e_version
        b.putLong(24, BASE);            // e_entry
        b.putLong(32, 64);              // e_phoff
        b.putShort(52, (short) 64);     // e_ehsize
        b.putShort(54, (short) 56);     // e_phentsize
        b.putShort(56, (short) 2);      // e_phnum
        phdr(b, 0, 1, 64 + 2 * 56, BASE, 64, 64);
        phdr(b, 1, 1, 0, BASE + 0x1000, 0, 0x2000);
        for (int i = 0; i < 64; i++) {
            b.put(64 + 2 * 56 + i, (byte) i);
        }
        return b;
    }

    static void phdr(ByteBuffer b, int i, int type, long offset, long paddr, long filesz, long memsz) {
        int h = 64 + 56 * i;
        b.putInt(h, type);
        b.putInt(h + 4, 5);
        b.putLong(h + 8, offset);
        b.putLong(h + 16, paddr);
        b.putLong(h + 24, paddr);
        b.putLong(h + 32, filesz);
        b.putLong(h + 40, memsz);
        b.putLong(h + 48, 0x1000);
    }

    private ElfImage parseViaFile(String name, byte[] data) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, data);
        return ElfImage.parse(f.getFileName().toString(), Files.readAllBytes(f), RAM, LOAD_END);
    }

    private void rejects(String field, String detail, Consumer<ByteBuffer> change) {
        ByteBuffer b = valid();
        change.accept(b);
        InvalidKernelException e = assertThrows(InvalidKernelException.class,
                () -> parseViaFile("bad.elf", b.array()));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals("bad.elf", e.file());
        assertTrue(e.getMessage().startsWith("kernel 'bad.elf': " + field + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void aValidImageGivesEntryAndSegments() throws Exception {
        ElfImage img = parseViaFile("ok.elf", valid().array());
        assertEquals(BASE, img.entry());
        assertEquals(2, img.segments().size());
        assertEquals(64, img.fileBytes(img.segments().get(0)).length);
        assertEquals(63, img.fileBytes(img.segments().get(0))[63]);
        assertEquals(0x2000, img.segments().get(1).memSize());
    }

    @Test
    void theCommittedHelloKernelIsValid() throws Exception {
        ElfImage img = ElfImage.parse("hello.elf", GuestImages.read("hello"), RAM, LOAD_END);
        assertEquals(BASE, img.entry());
        assertTrue(img.segments().get(0).paddr() == BASE);
    }

    @Test
    void shortFile() {
        InvalidKernelException e = assertThrows(InvalidKernelException.class,
                () -> parseViaFile("tiny.elf", new byte[10]));
        assertEquals("e_ident", e.field());
        assertTrue(e.getMessage().contains("10 bytes"));
    }

    @Test
    void badMagic() {
        rejects("e_ident[EI_MAG0..3]", "not an ELF file", b -> b.put(1, (byte) 'X'));
    }

    @Test
    void elfClass32() {
        rejects("e_ident[EI_CLASS]", "ELFCLASS64", b -> b.put(4, (byte) 1));
    }

    @Test
    void bigEndian() {
        rejects("e_ident[EI_DATA]", "little-endian", b -> b.put(5, (byte) 2));
    }

    @Test
    void identVersion() {
        rejects("e_ident[EI_VERSION]", "EV_CURRENT", b -> b.put(6, (byte) 0));
    }

    @Test
    void sharedObjectInsteadOfExecutable() {
        rejects("e_type", "3, expected 2", b -> b.putShort(16, (short) 3));
    }

    @Test
    void x86Machine() {
        rejects("e_machine", "62, expected 243 (EM_RISCV)", b -> b.putShort(18, (short) 62));
    }

    @Test
    void headerVersion() {
        rejects("e_version", "0, expected 1", b -> b.putInt(20, 0));
    }

    @Test
    void headerSize() {
        rejects("e_ehsize", "52, expected 64", b -> b.putShort(52, (short) 52));
    }

    @Test
    void noProgramHeaders() {
        rejects("e_phnum", "no program headers", b -> b.putShort(56, (short) 0));
    }

    @Test
    void programHeaderSize() {
        rejects("e_phentsize", "32, expected 56", b -> b.putShort(54, (short) 32));
    }

    @Test
    void programHeadersOutsideTheFile() {
        rejects("e_phoff", "outside the", b -> b.putLong(32, 200));
        rejects("e_phoff", "outside the", b -> b.putLong(32, -8));
    }

    @Test
    void tooManyProgramHeaders() {
        rejects("e_phnum", "at most 64", b -> b.putShort(56, (short) 65));
    }

    @Test
    void segmentBytesOutsideTheFile() {
        rejects("p_offset[0]", "outside the", b -> b.putLong(64 + 8, 200));
        rejects("p_offset[0]", "outside the", b -> b.putLong(64 + 32, Long.MAX_VALUE));
    }

    @Test
    void fileSizeAboveMemorySize() {
        rejects("p_filesz[0]", "exceeds p_memsz", b -> b.putLong(64 + 40, 32));
    }

    @Test
    void segmentBelowRam() {
        rejects("p_paddr[0]", "does not fit in guest RAM", b -> {
            b.putLong(64 + 24, 0x1000);
            b.putLong(24, 0x1000);
        });
    }

    @Test
    void segmentBeyondTheLoadWindow() {
        rejects("p_paddr[1]", "does not fit in guest RAM", b -> b.putLong(64 + 56 + 40, 4L << 20));
        rejects("p_paddr[1]", "does not fit in guest RAM", b -> b.putLong(64 + 56 + 40, Long.MAX_VALUE));
    }

    @Test
    void overlappingSegments() {
        rejects("p_paddr[1]", "overlaps segment 0x80200000-0x80200040", b -> b.putLong(64 + 56 + 24, BASE + 32));
    }

    @Test
    void entryOutsideEverySegment() {
        rejects("e_entry", "0x80100000 is not inside a loaded segment", b -> b.putLong(24, 0x8010_0000L));
    }

    @Test
    void noLoadableSegment() {
        rejects("p_type", "no PT_LOAD", b -> {
            b.putInt(64, 4);       // PT_NOTE
            b.putInt(64 + 56, 4);
        });
    }
}

package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paravane.lib.io.HugePages;

/** {@link PageLayout} on this process's real page map. */
class PageLayoutTest {

    private static final int PAGE = 4096;

    private static List<Transfer> read(List<MemorySegment> pieces) {
        long bytes = pieces.stream().mapToLong(MemorySegment::byteSize).sum();
        return List.of(new Transfer(false, 0, pieces, bytes, true, null));
    }

    /** {@code n} pages as separate pieces of {@code whole}. */
    private static List<MemorySegment> pages(MemorySegment whole, int n) {
        List<MemorySegment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(whole.asSlice((long) i * PAGE, PAGE));
        }
        return out;
    }

    @Test
    void pagesAllocatedOneByOneAreNotContiguous() {
        assumeTrue(PageLayout.SELF.framesVisible(), "page frames are hidden here (not root)");
        try (Arena arena = Arena.ofShared()) {
            assertFalse(PageLayout.SELF.contiguous(read(pagesOneByOne(arena, 256))));
        }
    }

    @Test
    void memoryNeverTouchedIsNotKnownToBeContiguous() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = HugePages.map(arena, 1 << 20, null);
            assertFalse(PageLayout.SELF.contiguous(read(pages(m, 256))), "no page is present yet");
        }
    }

    @Test
    void aHugePageIsContiguousWhereTheKernelGaveOne() throws IOException {
        assumeTrue(PageLayout.SELF.framesVisible(), "page frames are hidden here (not root)");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = touchedHugePages(arena, 4 << 20);
            assertTrue(PageLayout.SELF.contiguous(read(pages(m.asSlice(0, 1 << 20), 256))),
                    "1 MiB of a huge page, lent page by page");
            assertTrue(PageLayout.SELF.contiguous(read(List.of(m))), "4 MiB over two huge pages");
        }
    }

    @Test
    void aContiguousStartDoesNotHideScatteredPagesAfterIt() throws IOException {
        assumeTrue(PageLayout.SELF.framesVisible(), "page frames are hidden here (not root)");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = touchedHugePages(arena, 2 << 20);
            // 512 KiB in one run (the first read and part of the next), then 256 pages one by one
            List<MemorySegment> pieces = new ArrayList<>(pages(m.asSlice(0, 512 << 10), 128));
            pieces.addAll(pagesOneByOne(arena, 256));
            assertFalse(PageLayout.SELF.contiguous(read(pieces)));
        }
    }

    @Test
    void withoutAPageMapNothingIsContiguous() {
        PageLayout none = PageLayout.open(Path.of("/nonexistent/pagemap"));
        assertFalse(none.framesVisible());
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(1 << 20, PAGE);
            m.fill((byte) 2);
            assertFalse(none.contiguous(read(List.of(m))));
        }
    }

    /** {@code n} pages, each allocated and touched on its own, listed last one first. */
    private static List<MemorySegment> pagesOneByOne(Arena arena, int n) {
        List<MemorySegment> pieces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MemorySegment p = arena.allocate(PAGE, PAGE);
            p.fill((byte) i); // present
            pieces.addFirst(p);
        }
        return pieces;
    }

    /**
     * {@code bytes} of {@link HugePages} memory, touched; the test is skipped unless the kernel
     * backed all of it with huge pages (THP off or a fragmented host).
     */
    static MemorySegment touchedHugePages(Arena arena, long bytes) throws IOException {
        MemorySegment m = HugePages.map(arena, bytes, null);
        m.fill((byte) 1);
        assumeTrue(anonHugeKib(m.address()) * 1024 >= bytes, "the kernel gave no huge pages (THP off or fragmented)");
        return m;
    }

    /** AnonHugePages of the /proc/self/smaps entry that contains {@code address}. */
    private static long anonHugeKib(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inside && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}

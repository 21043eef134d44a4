package org.paravane.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NativePages#mapHuge}: 2 MiB-aligned memory that the kernel backs with huge pages. */
class NativePagesHugeTest {

    private static final long MIB = 1 << 20;

    @Test
    void theMemoryStartsOnAHugePageBoundaryAndIsUnmappedWithItsArena() {
        assumeTrue(NativePages.lazy(), "mmap is not available here");
        long mappings = NativePages.liveMappings();
        long bytes = NativePages.liveBytes();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = NativePages.mapHuge(arena, 3 * MIB);
            assertEquals(0, m.address() % NativePages.HUGE_PAGE, "starts on a 2 MiB boundary");
            assertEquals(3 * MIB, m.byteSize());
            assertEquals(0, m.get(ValueLayout.JAVA_LONG, 3 * MIB - 8), "zeroed");
            m.set(ValueLayout.JAVA_LONG, 3 * MIB - 8, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, m.get(ValueLayout.JAVA_LONG, 3 * MIB - 8));
            assertEquals(mappings + 1, NativePages.liveMappings());
            assertTrue(NativePages.liveBytes() > bytes);
        }
        assertEquals(mappings, NativePages.liveMappings(), "closing the arena unmapped it");
        assertEquals(bytes, NativePages.liveBytes());
    }

    @Test
    void aSizeThatIsNotWholePagesIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativePages.mapHuge(arena, MIB + 1));
            assertTrue(e.getMessage().contains("1048577"), e.getMessage());
        }
    }

    @Test
    void touchedMemoryIsBackedByHugePagesWhenTheKernelOffersThem() throws IOException {
        assumeTrue(NativePages.lazy(), "mmap is not available here");
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        assumeTrue(Files.isReadable(thp) && !Files.readString(thp).contains("[never]"),
                "transparent huge pages are off in this kernel");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = NativePages.mapHuge(arena, 4 * MIB);
            m.fill((byte) 1); // the first touch of each 2 MiB makes its huge page
            long hugeKib = anonHugeKib(m.address());
            // defrag=madvise compacts on fault for advised memory; at least one of the two pages
            // is huge even on a fragmented host (a plain mapping shows 0 here)
            assertTrue(hugeKib >= 2048, "AnonHugePages of the mapping: " + hugeKib + " kB");
        }
    }

    /** AnonHugePages of the /proc/self/smaps entry that contains {@code address}. */
    private static long anonHugeKib(long address) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inside = false;
        for (String line : lines) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inside && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no smaps entry holds " + Long.toHexString(address));
    }
}

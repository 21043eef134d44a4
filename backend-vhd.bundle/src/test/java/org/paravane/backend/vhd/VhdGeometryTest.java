package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec's CHS algorithm, checked against the geometry qemu-img writes. */
class VhdGeometryTest {

    @TempDir
    Path dir;

    @Test
    void specBranches() {
        // 17 sectors/track with 4 heads (small disks), 31 and 63 (mid), 255 (large).
        assertEquals(new VhdGeometry(302, 4, 17), VhdGeometry.forSectors(20536));
        assertEquals(17, VhdGeometry.forSectors(100L << 11).sectorsPerTrack());
        assertEquals(63, VhdGeometry.forSectors(1L << 21).sectorsPerTrack());
        assertEquals(255, VhdGeometry.forSectors(65535L * 16 * 63).sectorsPerTrack());
        assertEquals(new VhdGeometry(65535, 16, 255), VhdGeometry.forSectors(Long.MAX_VALUE / 1024));
    }

    @Test
    void roundingUpCoversTheRequestExactly() {
        for (long s = 1; s < 400_000; s += 997) {
            VhdGeometry g = VhdGeometry.covering(s);
            assertEquals(g.sectors(), VhdGeometry.coveredSectors(s), "CHS-exact for " + s);
            assertTrue(g.sectors() >= s, "covers " + s);
        }
        long big = VhdGeometry.MAX_SECTORS + 12345;
        assertTrue(VhdGeometry.covering(big).isMax());
        assertEquals(big, VhdGeometry.coveredSectors(big), "beyond the largest geometry the request stands");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1M", "10M", "100M", "1000M", "5G", "40G", "127G", "300G"})
    void sameSizeAndGeometryAsQemu(String size) throws Exception {
        QemuImg.require();
        Path q = dir.resolve("q.vhd");
        QemuImg.ok("qemu-img", "create", "-f", "vpc", q.toString(), size);
        Path p = dir.resolve("p.vhd");
        long requested = parse(size);
        VhdCreator.createDynamic(p, requested, Vhd.DEFAULT_BLOCK_SIZE);
        try (VhdImage qi = VhdImage.open(q, false, SizeSource.AUTO);
             VhdImage pi = VhdImage.open(p, false, SizeSource.AUTO)) {
            assertEquals(qi.footer().geometry(), pi.footer().geometry(), "geometry for " + size);
            assertEquals(QemuImg.virtualSize(q), qi.sectors() * 512, "Paravane reads qemu's size");
            assertEquals(QemuImg.virtualSize(p), pi.sectors() * 512, "qemu reads Paravane's size");
            assertEquals(qi.sectors(), pi.sectors(), "same rounding as qemu for " + size);
        }
    }

    private static long parse(String s) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return s.endsWith("G") ? n << 30 : n << 20;
    }
}

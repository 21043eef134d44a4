package org.paravane.backend.vhd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.backend.vhd.VhdBackend;

/** {@code hv:vhd-create}: sizes, the image it makes, and what it refuses. */
class VhdCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void sizesTakeSuffixesAndBadOnesAreNamed() {
        assertEquals(512, VhdCommands.size("512"));
        assertEquals(3L << 10, VhdCommands.size("3K"));
        assertEquals(2L << 20, VhdCommands.size("2m"));
        assertEquals(1L << 30, VhdCommands.size("1G"));
        for (String bad : new String[] {"", "12x", "-1M", "511", "3T", "9999G"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VhdCommands.size(bad));
            assertTrue(e.getMessage().contains("size '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void createsADynamicImageTheBackendOpensAndRefusesToOverwrite() throws Exception {
        Path img = tmp.resolve("d.vhd");
        String out = new VhdCommands()._main("vhd-create", img.toString(), "4M");
        assertEquals("created " + img + ": dynamic VHD, 4194304 bytes", out);
        try (BlockDisk d = new VhdBackend().open(new BlockOpenRequest(img.toString(), VhdBackend.FORMAT, true,
                Map.of()))) {
            assertTrue(d.sectors() >= 8192, "at least 4 MiB: " + d.sectors());
        }
        byte[] before = Files.readAllBytes(img);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VhdCommands()._main("vhd-create", img.toString(), "1M"));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
        assertEquals(before.length, Files.readAllBytes(img).length);
        e = assertThrows(IllegalArgumentException.class, () -> new VhdCommands()._main("vhd-create", "rel.vhd", "1M"));
        assertTrue(e.getMessage().contains("relative path"), e.getMessage());
    }
}

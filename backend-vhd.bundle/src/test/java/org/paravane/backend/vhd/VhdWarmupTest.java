package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockIoException;

/** The backend's warm-up before it is offered to blkback: it runs, verifies, and leaves nothing. */
class VhdWarmupTest {

    @TempDir
    Path tmp;

    @Test
    void roundsRunOnAScratchImageThatIsDeletedAfterwards() throws Exception {
        Path keep = tmp.resolve("guest.vhd");
        VhdCreator.createDynamic(keep, 1 << 20, Vhd.DEFAULT_BLOCK_SIZE);
        byte[] before = Files.readAllBytes(keep);

        VhdWarmup.Result r = VhdWarmup.run(tmp, 40);

        assertEquals(40, r.rounds());
        assertTrue(r.nanos() > 0);
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(java.util.List.of(keep), files.toList(), "only the file that was there before");
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(keep)), "other images untouched");
    }

    @Test
    void zeroRoundsDoNothingAndNegativeAreRefused() throws Exception {
        assertEquals(0, VhdWarmup.run(tmp, 0).rounds());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VhdWarmup.run(tmp, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void anUnusableDirectoryIsNamed() throws IOException {
        Path file = Files.createFile(tmp.resolve("not-a-dir"));
        BlockIoException e = assertThrows(BlockIoException.class, () -> VhdWarmup.run(file, 3));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}

package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockOpenRequest;

/**
 * {@code phy:} targets: a real loop device over a file (losetup), opened as a block device
 * (size by BLKGETSIZE64, sector size by BLKSSZGET), and a {@code phy:} prefix on a regular
 * file, which is served as a file (the prefix only names xend's backend).
 */
class PhyDeviceTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path backing(long bytes) throws Exception {
        Path p = dir.resolve("backing.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    /** Attaches a loop device, or returns null with the reason printed in the assumption. */
    private static String losetup(Path file) {
        try {
            return Disks.run("losetup", "--find", "--show", file.toString()).strip();
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    @Test
    void loopDeviceIsServedAsABlockDevice() throws Exception {
        Path file = backing(8 * MIB);
        String dev = losetup(file);
        assumeTrue(dev != null, "losetup cannot attach a loop device in this container");
        try {
            byte[] data = Disks.pattern(2 * MIB, 21);
            try (RawBlockDisk disk = (RawBlockDisk) new BlockdevBackend()
                    .open(new BlockOpenRequest("phy:" + dev, "raw", false))) {
                assertTrue(disk.blockDevice());
                assertEquals(512, disk.sectorSize());
                assertEquals(8 * MIB / 512, disk.sectors());
                Disks.await(disk.read(0, List.of(Disks.zeroed(512))));
                assertTrue(Disks.threadAlive("blockdev-io-" + Path.of(dev).getFileName()), "I/O thread named after the device");
                Disks.await(disk.write(2048, List.of(Disks.segment(data))));
                Disks.await(disk.flush());
                MemorySegment back = Disks.zeroed(data.length);
                Disks.await(disk.read(2048, List.of(back)));
                assertArrayEquals(data, back.toArray(ValueLayout.JAVA_BYTE));
                long before = Disks.allocatedBlocks(file);
                assertTrue(before >= 4096, "the write reached the backing file: " + before + " blocks");
                // discard on the device: the loop driver punches a hole in the backing file
                Disks.await(disk.discard(2048, 4096));
                Disks.await(disk.flush());
                assertTrue(Disks.allocatedBlocks(file) < before, "backing file shrank after discard");
                Disks.await(disk.read(2048, List.of(back)));
                assertArrayEquals(new byte[data.length], back.toArray(ValueLayout.JAVA_BYTE));
            }
            byte[] onFile = Files.readAllBytes(file);
            assertArrayEquals(new byte[data.length], Arrays.copyOfRange(onFile, MIB, 3 * MIB));
        } finally {
            Disks.run("losetup", "-d", dev);
        }
    }

    @Test
    void phyPrefixOnARegularFileServesTheFile() throws Exception {
        Path file = backing(MIB + 512);
        Files.write(file, Disks.pattern(MIB + 512, 22));
        try (RawBlockDisk disk = (RawBlockDisk) new BlockdevBackend()
                .open(new BlockOpenRequest("phy:" + file, "raw", false))) {
            assertFalse(disk.blockDevice());
            assertEquals(MIB / 512 + 1, disk.sectors());
            MemorySegment back = Disks.zeroed(512);
            Disks.await(disk.read(MIB / 512, List.of(back)));
            assertArrayEquals(Arrays.copyOfRange(Disks.pattern(MIB + 512, 22), MIB, MIB + 512),
                    back.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}

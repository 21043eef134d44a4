package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * O_DIRECT on a file system that supports it (the temp dir on this machine is ext4), with
 * aligned buffers (straight to the kernel) and misaligned and heap buffers (bounced), and
 * the fallback to buffered I/O on tmpfs, which refuses O_DIRECT.
 */
class DirectIoTest {

    private static final Map<String, String> DIRECT = Map.of(BlockdevBackend.OPTION_DIRECT_IO, "true");

    @TempDir
    Path dir;

    private static Path image(Path dir, long bytes) throws Exception {
        Path p = dir.resolve("direct.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    private static String fsType(Path p) throws Exception {
        return Disks.run("stat", "-f", "-c", "%T", p.toString()).strip();
    }

    @Test
    void directIoOnADiskFileSystemTransfersAlignedAndMisalignedBuffers() throws Exception {
        String fs = fsType(dir);
        assumeTrue(!fs.equals("tmpfs"), "the temp dir is on tmpfs, which has no O_DIRECT");
        Path p = image(dir, 1 << 20);
        byte[] data = Disks.pattern(3 * 4096 + 1024, 11);
        try (RawBlockDisk disk = Disks.open(p, false, DIRECT)) {
            assertTrue(disk.directIo(), "O_DIRECT accepted on " + fs);
            // aligned: 4096-aligned native pieces go straight to pwritev
            MemorySegment aligned = Disks.segment(data);
            Disks.await(disk.write(8, Disks.pieces(aligned, 4096, 8192, 1024)));
            // misaligned address: 512 bytes into a page, must be bounced
            MemorySegment odd = Arena.ofAuto().allocate(data.length + 4096, 4096).asSlice(512, data.length);
            Disks.await(disk.read(8, List.of(odd)));
            assertArrayEquals(data, odd.toArray(ValueLayout.JAVA_BYTE));
            byte[] heap = new byte[2048];
            Disks.await(disk.read(8, List.of(MemorySegment.ofArray(heap))));
            assertArrayEquals(Arrays.copyOf(data, 2048), heap);
            Disks.await(disk.write(100, List.of(MemorySegment.ofArray(Disks.pattern(1536, 12)))));
            Disks.await(disk.flush());
            Disks.await(disk.discard(8, 8));
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(new byte[4096], Arrays.copyOfRange(file, 8 * 512, 16 * 512));
        assertArrayEquals(Arrays.copyOfRange(data, 4096, data.length), Arrays.copyOfRange(file, 16 * 512, 8 * 512 + data.length));
        assertArrayEquals(Disks.pattern(1536, 12), Arrays.copyOfRange(file, 100 * 512, 100 * 512 + 1536));
    }

    /**
     * Needs a file system without O_DIRECT and without punch hole. tmpfs has had O_DIRECT
     * since Linux 6.6, so the test mounts a ramfs (which has neither) in the temp dir; that
     * needs root (CAP_SYS_ADMIN).
     */
    @Test
    void aFileSystemWithoutODirectOrHolesFallsBackToBufferedIoAndWrittenZeros() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("ramfs"));
        boolean mounted;
        try {
            Disks.run("mount", "-t", "ramfs", "blockdev-test", mnt.toString());
            mounted = true;
        } catch (java.io.IOException e) {
            mounted = false;
        }
        assumeTrue(mounted, "cannot mount a ramfs here (not root?)");
        try {
            Path p = mnt.resolve("d.img");
            Files.write(p, Disks.pattern(1 << 16, 13));
            try (RawBlockDisk disk = Disks.open(p, false, DIRECT)) {
                assertFalse(disk.directIo(), "ramfs has no O_DIRECT");
                Disks.await(disk.write(0, List.of(Disks.segment(Disks.pattern(4096, 14)))));
                Disks.await(disk.flush());
                // ramfs refuses PUNCH_HOLE (EOPNOTSUPP): discard writes zeros instead
                Disks.await(disk.discard(16, 32));
            }
            byte[] file = Files.readAllBytes(p);
            assertArrayEquals(Disks.pattern(4096, 14), Arrays.copyOf(file, 4096));
            assertArrayEquals(Arrays.copyOfRange(Disks.pattern(1 << 16, 13), 4096, 8192),
                    Arrays.copyOfRange(file, 4096, 8192));
            assertArrayEquals(new byte[32 * 512], Arrays.copyOfRange(file, 8192, 8192 + 32 * 512));
            assertArrayEquals(Arrays.copyOfRange(Disks.pattern(1 << 16, 13), 8192 + 32 * 512, 1 << 16),
                    Arrays.copyOfRange(file, 8192 + 32 * 512, 1 << 16));
        } finally {
            Disks.run("umount", mnt.toString());
        }
    }
}

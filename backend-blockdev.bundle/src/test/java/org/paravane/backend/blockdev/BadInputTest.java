package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockIoException.Kind;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;

/** Targets the backend must refuse (or accept with a documented adjustment), with the file named. */
class BadInputTest {

    @TempDir
    Path dir;

    private static BlockIoException refused(Path p, Map<String, String> options) {
        return assertThrows(BlockIoException.class, () -> Disks.open(p, false, options));
    }

    private static void assertNames(BlockIoException e, Path p) {
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
    }

    private static DiskSpec spec(String target, DiskFormat format, DiskAccess access, boolean directIo, boolean discard) {
        return new DiskSpec(target, format, "xvda", 51712, access, DiskDeviceType.DISK, DiskBackendType.AUTO,
                null, null, DiskSpecification.XEN, directIo, discard, true, Map.of());
    }

    @Test
    void missingFileIsNotFound() {
        Path p = dir.resolve("nope.img");
        BlockIoException e = refused(p, Map.of());
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertNames(e, p);
    }

    @Test
    void directoryIsRefused() {
        BlockIoException e = refused(dir, Map.of());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertNames(e, dir);
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void characterDeviceIsRefused() {
        Path p = Path.of("/dev/null");
        BlockIoException e = refused(p, Map.of());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertNames(e, p);
    }

    @Test
    void emptyAndShorterThanASectorAreRefused() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.img"));
        BlockIoException e = refused(empty, Map.of());
        assertEquals(Kind.BAD_IMAGE, e.kind());
        assertNames(e, empty);
        Path tiny = Files.write(dir.resolve("tiny.img"), new byte[100]);
        BlockIoException t = refused(tiny, Map.of());
        assertEquals(Kind.BAD_IMAGE, t.kind());
        assertNames(t, tiny);
    }

    @Test
    void aLengthNotAMultipleOf512IsRoundedDown() throws Exception {
        Path p = dir.resolve("odd.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(10 * 512 + 300);
        }
        try (RawBlockDisk disk = Disks.open(p)) {
            assertEquals(10, disk.sectors());
            assertEquals(Kind.BAD_REQUEST, assertThrows(BlockIoException.class,
                    () -> Disks.await(disk.read(10, List.of(Disks.zeroed(512))))).kind());
            Disks.await(disk.read(9, List.of(Disks.zeroed(512))));
        }
        assertEquals(10 * 512 + 300, Files.size(p), "the tail is left alone");
    }

    @Test
    void aFormatThisBackendDoesNotServeIsRefused() throws Exception {
        Path p = Files.write(dir.resolve("d.vhd"), new byte[4096]);
        BlockIoException e = assertThrows(BlockIoException.class,
                () -> new BlockdevBackend().open(new BlockOpenRequest(p.toString(), "vhd", false)));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertNames(e, p);
        BlockIoException q = assertThrows(BlockIoException.class, () -> new BlockdevBackend()
                .open(BlockdevBackend.request(spec(p.toString(), DiskFormat.QCOW2, DiskAccess.READ_WRITE, false, true))));
        assertEquals(Kind.BAD_REQUEST, q.kind());
        assertTrue(q.getMessage().contains("qcow2"), q.getMessage());
    }

    @Test
    void aBadOptionValueIsRefused() throws Exception {
        Path p = Files.write(dir.resolve("d.img"), new byte[4096]);
        BlockIoException e = refused(p, Map.of(BlockdevBackend.OPTION_DIRECT_IO, "maybe"));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertNames(e, p);
    }

    @Test
    void aPrefixWithoutAPathIsRefused() {
        BlockIoException e = assertThrows(BlockIoException.class,
                () -> new BlockdevBackend().open(new BlockOpenRequest("phy:", "raw", false)));
        assertEquals(Kind.BAD_REQUEST, e.kind());
    }

    @Test
    void specAccessAndFlagsBecomeTheRequest() throws Exception {
        Path p = Files.write(dir.resolve("s.img"), new byte[8192]);
        BlockOpenRequest r = BlockdevBackend.request(spec("file:" + p, DiskFormat.RAW, DiskAccess.READ_ONLY, true, false));
        assertEquals("raw", r.format());
        assertTrue(r.readOnly());
        assertEquals("true", r.option(BlockdevBackend.OPTION_DIRECT_IO, null));
        assertEquals("false", r.option(BlockdevBackend.OPTION_DISCARD, null));
        try (RawBlockDisk disk = (RawBlockDisk) new BlockdevBackend().open(r)) {
            assertTrue(disk.readOnly());
            assertEquals(16, disk.sectors());
            assertEquals(Kind.READ_ONLY, assertThrows(BlockIoException.class,
                    () -> Disks.await(disk.write(0, List.of(Disks.zeroed(512))))).kind());
        }
    }

    /**
     * A read-write request on a file that cannot be opened for writing opens read-only. As
     * root, permission bits do not stop writes, so the file is made immutable (chattr +i,
     * which stops root too); as another user, mode 0444 is enough.
     */
    @Test
    void anUnwritableFileOpensReadOnly() throws Exception {
        Path p = Files.write(dir.resolve("ro.img"), Disks.pattern(4096, 7));
        boolean root = "0".equals(Disks.run("id", "-u").strip());
        if (root) {
            Disks.run("chattr", "+i", p.toString());
        } else {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
        }
        try (RawBlockDisk disk = Disks.open(p)) {
            assertTrue(disk.readOnly());
            assertEquals(Kind.READ_ONLY, assertThrows(BlockIoException.class,
                    () -> Disks.await(disk.write(0, List.of(Disks.zeroed(512))))).kind());
            MemorySegment back = Disks.zeroed(4096);
            Disks.await(disk.read(0, List.of(back)));
            assertFalse(back.asByteBuffer().equals(Disks.zeroed(4096).asByteBuffer()));
        } finally {
            if (root) {
                Disks.run("chattr", "-i", p.toString());
            }
        }
    }

    /** Unreadable files: only testable as a non-root user (root reads any mode). */
    @Test
    void anUnreadableFileIsRefusedNamingTheFile() throws Exception {
        assumeFalse("0".equals(Disks.run("id", "-u").strip()), "running as root: permission bits do not stop root");
        Path p = Files.write(dir.resolve("secret.img"), new byte[4096]);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        BlockIoException e = refused(p, Map.of());
        assertEquals(Kind.IO_ERROR, e.kind());
        assertNames(e, p);
        assertTrue(e.getMessage().contains("ermission"), e.getMessage());
    }
}

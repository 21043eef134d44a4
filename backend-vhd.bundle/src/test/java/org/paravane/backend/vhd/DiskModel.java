package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.paravane.api.blk.BlockIoException;

/** The expected content of a disk, kept in memory next to the image under test. */
final class DiskModel {

    final byte[] bytes;

    DiskModel(long size) {
        this.bytes = new byte[Math.toIntExact(size)];
    }

    DiskModel(byte[] content) {
        this.bytes = content.clone();
    }

    static byte[] pattern(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code data} at {@code sector} into the image and the model. */
    void write(VhdImage img, long sector, byte[] data) throws BlockIoException {
        img.write(sector, MemorySegment.ofArray(data.clone()));
        System.arraycopy(data, 0, bytes, Math.toIntExact(sector * Vhd.SECTOR), data.length);
    }

    /** Writes into the model only. */
    void apply(long sector, byte[] data) {
        System.arraycopy(data, 0, bytes, Math.toIntExact(sector * Vhd.SECTOR), data.length);
    }

    Path save(Path file) throws IOException {
        Files.write(file, bytes);
        return file;
    }

    /** Reads the whole image through Paravane and compares with the model. */
    void assertImageMatches(VhdImage img) throws BlockIoException {
        byte[] got = new byte[bytes.length];
        img.read(0, MemorySegment.ofArray(got));
        assertArrayEquals(bytes, got, "content of " + img.path());
    }

    /** Compares bytes read by another tool with the model (the tool may show a longer disk of zeros). */
    void assertSame(byte[] other, String who) {
        byte[] head = Arrays.copyOf(other, bytes.length);
        assertArrayEquals(bytes, head, who);
        for (int i = bytes.length; i < other.length; i++) {
            if (other[i] != 0) {
                throw new AssertionError(who + ": non-zero byte beyond the model at " + i);
            }
        }
    }
}

package org.paravane.backend.vhd;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Positional whole-buffer reads and writes on an image file. Reads past the end of the file
 * are a malformed (truncated) image, reported with the file and the offset. Memory segments
 * go to the channel as {@code ByteBuffer} views, without copying.
 */
final class ImageFile {

    private final Path path;
    private final FileChannel channel;

    ImageFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    ByteBuffer readBuffer(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int r = channel.read(b, offset + b.position());
            if (r < 0) {
                throw Vhd.bad(path, "truncated: " + length + " bytes at offset " + offset
                        + " extend beyond the end of the file (" + channel.size() + " bytes)");
            }
        }
        return b.flip();
    }

    void writeBuffer(ByteBuffer b, long offset) throws IOException {
        ByteBuffer d = b.duplicate().rewind();
        while (d.hasRemaining()) {
            channel.write(d, offset + d.position());
        }
    }

    void readFully(MemorySegment dst, long offset) throws IOException {
        ByteBuffer b = dst.asByteBuffer();
        while (b.hasRemaining()) {
            int r = channel.read(b, offset + b.position());
            if (r < 0) {
                throw Vhd.bad(path, "truncated: data at offset " + (offset + b.position())
                        + " lies beyond the end of the file");
            }
        }
    }

    void writeFully(MemorySegment src, long offset) throws IOException {
        ByteBuffer b = src.asByteBuffer();
        while (b.hasRemaining()) {
            channel.write(b, offset + b.position());
        }
    }
}

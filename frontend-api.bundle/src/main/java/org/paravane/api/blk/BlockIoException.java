package org.paravane.api.blk;

import java.io.IOException;
import java.util.Objects;

/**
 * A failed open or I/O operation on a block disk. The {@link #kind()} tells the caller what
 * class of failure it is (the blkback engine maps it to {@code BLKIF_RSP_ERROR} or {@code
 * BLKIF_RSP_EOPNOTSUPP}); the message names the file and the problem for the operator.
 */
public class BlockIoException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Classes of failure. */
    public enum Kind {
        /** The target does not exist (a missing file, or a missing parent image). */
        NOT_FOUND,
        /** The image is malformed: bad magic, checksum, table entry, loop in a chain. */
        BAD_IMAGE,
        /** The request is malformed: out of range, misaligned buffer, wrong format. */
        BAD_REQUEST,
        /** The operation or image variant is not supported by this backend. */
        UNSUPPORTED,
        /** A write, flush or discard on a disk opened read-only. */
        READ_ONLY,
        /** The disk was closed. */
        CLOSED,
        /** The host reported an I/O error. */
        IO_ERROR
    }

    private final Kind kind;

    /** A failure of the given kind. */
    public BlockIoException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A failure of the given kind caused by {@code cause}. */
    public BlockIoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The class of failure. */
    public Kind kind() {
        return kind;
    }
}

package org.paravane.backend.blockdev;

import java.io.IOException;

/** A failed libc call, keeping {@code errno} so callers can react to specific errors. */
final class ErrnoException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    ErrnoException(String what, int errno) {
        super(what + ": " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}

package org.paravane.api.grant;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One grant copy (GNTTABOP_copy) done by dom0: {@code length} bytes from {@code source} to
 * {@code dest}. A grant side must stay within its 4 KiB frame.
 *
 * @param source where the bytes come from
 * @param dest   where they go
 * @param length number of bytes, 0..4096
 */
public record GrantCopy(Side source, Side dest, int length) {

    /** Checks the fields are present. */
    public GrantCopy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dest, "dest");
    }

    /** One side of a copy. */
    public sealed interface Side permits GrantRef, Local {
    }

    /**
     * A page granted to dom0.
     *
     * @param domid  the granting domain
     * @param ref    the grant reference
     * @param offset byte offset within the granted frame
     */
    public record GrantRef(int domid, int ref, int offset) implements Side {
    }

    /**
     * A dom0 buffer; the copy uses its first {@code length} bytes.
     *
     * @param buffer the memory (writable when used as the destination)
     */
    public record Local(MemorySegment buffer) implements Side {
        /** Checks the buffer is present. */
        public Local {
            Objects.requireNonNull(buffer, "buffer");
        }
    }
}

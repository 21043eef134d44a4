package org.paravane.core.blkif;

import java.lang.foreign.MemorySegment;

/**
 * How a backend reaches the pages a frontend granted it: by grant reference, one 4 KiB page
 * at a time. For a guest frontend this is grant mapping ({@link GrantedFrontendMemory}); for
 * dom0's Java blkfront it is a table of dom0 pages ({@link LocalGrantTable}). The ring and
 * request code is the same for both.
 */
public interface FrontendMemory {

    /**
     * Maps page {@code ref} of the frontend.
     *
     * @param readonly true when the backend only reads the page (a write request's data,
     *                 an indirect descriptor page)
     * @return the mapped page, exactly 4096 bytes
     * @throws PageMapException when the frontend did not grant it (or not writable)
     */
    MappedPage map(int ref, boolean readonly) throws PageMapException;

    /**
     * Releases a mapping made by {@link #map}. Never throws. The segment may stay addressable
     * afterwards (grant views): the caller must not touch it again.
     */
    void unmap(MappedPage page);

    /** A mapped frontend page. {@code token} belongs to the implementation. */
    record MappedPage(int ref, boolean readonly, MemorySegment segment, Object token) {
    }

    /** A page could not be mapped; {@code status} is the GNTST_* code. */
    final class PageMapException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        /** A failure with a GNTST_* status. */
        public PageMapException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The GNTST_* status. */
        public int status() {
            return status;
        }
    }
}

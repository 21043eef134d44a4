/**
 * The raw block backend (plain Java, no OSGi): raw image files and host block devices
 * served as {@link org.paravane.api.blk.BlockDisk}s through {@code pread}/{@code pwrite}
 * bound with the FFM API, with optional {@code O_DIRECT}, flush = {@code fdatasync} and
 * discard = punch hole. {@link org.paravane.backend.blockdev.BlockdevBackend} is the SPI
 * entry point. See docs/blockdev.md.
 */
package org.paravane.backend.blockdev;

/**
 * The block backend SPI: how the blkback engine in core (and dom0's local attach) opens a
 * disk image or device on a backend bundle and drives I/O against it.
 *
 * <pre>
 *   core / blkback                              backend bundle (vhd, blockdev, iscsi)
 *   ──────────────                              ─────────────────────────────────────
 *   pick BlockBackend by service property
 *     {@value org.paravane.api.blk.BlockBackend#FORMATS_PROPERTY} ∋ request.format()
 *   backend.open(BlockOpenRequest) ───────────▶ BlockDisk (owns its own executor)
 *   disk.read / write / flush / discard ──────▶ CompletionStage completes on the disk's thread
 *   disk.close() ─────────────────────────────▶ releases files, stops the executor
 * </pre>
 *
 * Failures are reported as {@link org.paravane.api.blk.BlockIoException} (thrown by
 * {@code open}, or completing a stage exceptionally) with a {@link
 * org.paravane.api.blk.BlockIoException.Kind} the engine maps to a blkif status.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.blk;

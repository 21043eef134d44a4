/**
 * dom0's Java blkfront ("local attach", facts §5.4 frontend side): a {@link
 * org.paravane.api.blk.BlockDisk} whose I/O goes through a real blkif ring served by the
 * core's blkback, so tests and benchmarks drive backends through the same path a guest does,
 * without the CPU engine. Plain Java, no OSGi.
 */
package org.paravane.core.blkfront;

/**
 * The VHD image engine (plain Java, no OSGi): Microsoft's Virtual Hard Disk format, fixed,
 * dynamic and differencing, with validation on open, crash-ordered block allocation,
 * create, grow, snapshot (a new differencing child) and coalesce, and {@link
 * org.paravane.backend.vhd.VhdBackend}, the block backend SPI over it. See docs/vhd.md.
 */
package org.paravane.backend.vhd;

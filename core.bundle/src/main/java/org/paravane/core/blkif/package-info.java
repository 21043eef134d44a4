/**
 * The blkif shared ring (xen-abi-facts §4, docs/abi.md §10-11) as both ends see it, and the
 * one seam through which a backend reaches a frontend's memory ({@link
 * org.paravane.core.blkif.FrontendMemory}): grant mappings for guest frontends, a dom0-local
 * table of off-heap pages for the Java blkfront. Plain Java, no OSGi.
 */
package org.paravane.core.blkif;

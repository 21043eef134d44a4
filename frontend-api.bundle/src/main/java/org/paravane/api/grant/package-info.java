/**
 * Grant access for dom0's Java backends (Xen's grant_table.h, v1): map a page another
 * domain granted as a {@link java.lang.foreign.MemorySegment} bounded to that 4 KiB frame,
 * unmap it, and copy bytes between grants and local buffers. The hypervisor keeps the
 * granter's GTF_reading / GTF_writing flags up to date while a mapping exists, so the
 * granter cannot reuse the page until it is unmapped (docs/evtchn-grant.md).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.grant;

package org.paravane.api.grant;

import java.lang.foreign.MemorySegment;

/**
 * A foreign grant mapped into dom0.
 *
 * @param granterDomid the domain that granted the page
 * @param ref          the grant reference
 * @param readonly     true for a read-only mapping ({@link #segment} is then read-only)
 * @param handle       the mapping handle (the key for unmap)
 * @param segment      the granted frame, exactly 4096 bytes; it becomes inaccessible
 *                     (IllegalStateException on use) once the mapping is unmapped or the
 *                     granter is destroyed
 */
public record GrantMapping(int granterDomid, int ref, boolean readonly, int handle, MemorySegment segment) {
}

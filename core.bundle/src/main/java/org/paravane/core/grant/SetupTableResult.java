package org.paravane.core.grant;

/**
 * Result of GNTTABOP_setup_table.
 *
 * @param status    GNTST_*
 * @param frameGfns for each of the first nr_frames table frames, the guest frame number at
 *                  which the domain mapped it with add_to_physmap, or all-ones (INVALID_GFN)
 */
public record SetupTableResult(int status, long[] frameGfns) {
}

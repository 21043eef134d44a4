package org.paravane.core.grant;

/**
 * Result of GNTTABOP_query_size.
 *
 * @param status    GNTST_*
 * @param nrFrames  current table frames
 * @param maxFrames the table's frame limit
 */
public record QuerySizeResult(int status, int nrFrames, int maxFrames) {
}

package org.paravane.core.builder;

/**
 * Where the builder puts things in a new domain's guest-physical space (docs/builder.md):
 * the kernel's PT_LOAD segments anywhere in RAM below the three reserved pages at the top
 * of populated RAM — console ring, xenstore ring, start-info (highest) — and shared_info
 * mapped outside RAM at the frame just below {@code XEN_RAM_BASE}.
 *
 * @param ramBase        first RAM byte
 * @param ramFrames      populated RAM frames (start-info nr_pages)
 * @param consolePfn     console ring frame
 * @param storePfn       xenstore ring frame
 * @param startInfoPfn   start-info frame
 * @param sharedInfoPfn  frame where shared_info is mapped (outside RAM)
 */
public record BootLayout(long ramBase, long ramFrames, long consolePfn, long storePfn, long startInfoPfn,
        long sharedInfoPfn) {

    /** Page size. */
    public static final long PAGE = 4096;
    /** Pages the builder reserves at the top of RAM. */
    public static final int RESERVED_PAGES = 3;

    /** The layout for a domain with {@code ramFrames} populated frames from {@code ramBase}. */
    public static BootLayout of(long ramBase, long ramFrames) {
        long top = (ramBase / PAGE) + ramFrames;
        return new BootLayout(ramBase, ramFrames, top - 3, top - 2, top - 1, ramBase / PAGE - 1);
    }

    /** First byte after the window kernel segments may use. */
    public long loadEnd() {
        return consolePfn * PAGE;
    }

    /** Guest-physical address of the start-info block. */
    public long startInfoGpa() {
        return startInfoPfn * PAGE;
    }
}

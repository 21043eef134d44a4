// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xen_feature_info of docs/abi.md (generated; little-endian). */
public final class XenFeatureInfoLayout {

    private XenFeatureInfoLayout() {
    }

    /** sizeof(struct xen_feature_info) in bytes. */
    public static final int SIZEOF = 8;

    /** u32 submap_idx: in: which 32-bit word of features */
    public static final int SUBMAP_IDX = 0;

    /** u32 submap: out */
    public static final int SUBMAP = 4;
}

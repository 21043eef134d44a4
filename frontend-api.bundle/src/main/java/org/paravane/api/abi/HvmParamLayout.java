// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xen_hvm_param of docs/abi.md (generated; little-endian). */
public final class HvmParamLayout {

    private HvmParamLayout() {
    }

    /** sizeof(struct xen_hvm_param) in bytes. */
    public static final int SIZEOF = 16;

    /** u16 domid */
    public static final int DOMID = 0;

    /** u16 pad */
    public static final int PAD = 2;

    /** u32 index */
    public static final int INDEX = 4;

    /** u64 value */
    public static final int VALUE = 8;
}

// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xen_compile_info of docs/abi.md (generated; little-endian). */
public final class XenCompileInfoLayout {

    private XenCompileInfoLayout() {
    }

    /** sizeof(struct xen_compile_info) in bytes. */
    public static final int SIZEOF = 144;

    /** u8[64] compiler */
    public static final int COMPILER = 0;

    /** u8[16] compile_by */
    public static final int COMPILE_BY = 64;

    /** u8[32] compile_domain */
    public static final int COMPILE_DOMAIN = 80;

    /** u8[32] compile_date */
    public static final int COMPILE_DATE = 112;
}

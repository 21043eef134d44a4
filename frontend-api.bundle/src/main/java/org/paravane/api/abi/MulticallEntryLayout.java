// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct multicall_entry of docs/abi.md (generated; little-endian). */
public final class MulticallEntryLayout {

    private MulticallEntryLayout() {
    }

    /** sizeof(struct multicall_entry) in bytes. */
    public static final int SIZEOF = 64;

    /** u64 op */
    public static final int OP = 0;

    /** u64 result */
    public static final int RESULT = 8;

    /** u64[6] args */
    public static final int ARGS = 16;
}

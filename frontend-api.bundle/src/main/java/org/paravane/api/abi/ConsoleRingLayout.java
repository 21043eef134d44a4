// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xencons_interface of docs/abi.md (generated; little-endian). */
public final class ConsoleRingLayout {

    private ConsoleRingLayout() {
    }

    /** sizeof(struct xencons_interface) in bytes. */
    public static final int SIZEOF = 3092;

    /** u8[1024] in: backend → guest (keyboard input) */
    public static final int IN = 0;

    /** u8[2048] out: guest → backend (output) */
    public static final int OUT = 1024;

    /** u32 in_cons: written by the guest */
    public static final int IN_CONS = 3072;

    /** u32 in_prod: written by the backend */
    public static final int IN_PROD = 3076;

    /** u32 out_cons: written by the backend */
    public static final int OUT_CONS = 3080;

    /** u32 out_prod: written by the guest */
    public static final int OUT_PROD = 3084;

    /** u8 connection: 0 connected, 1 disconnected */
    public static final int CONNECTION = 3088;
}

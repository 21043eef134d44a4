// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants DOMID_* of docs/abi.md (generated). */
public final class DomId {

    private DomId() {
    }

    /** DOMID_FIRST_RESERVED */
    public static final int FIRST_RESERVED = 0x7FF0;

    /** DOMID_SELF: "the caller" */
    public static final int SELF = 0x7FF0;

    /** DOMID_IO */
    public static final int IO = 0x7FF1;

    /** DOMID_XEN */
    public static final int XEN = 0x7FF2;

    /** DOMID_COW */
    public static final int COW = 0x7FF3;

    /** DOMID_INVALID */
    public static final int INVALID = 0x7FF4;

    /** DOMID_ANY */
    public static final int ANY = 0x7FF5;

    /** DOMID_IDLE */
    public static final int IDLE = 0x7FFF;

    /** DOMID_MASK */
    public static final int MASK = 0x7FFF;
}

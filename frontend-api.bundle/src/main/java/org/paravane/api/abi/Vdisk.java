// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants VDISK_* of docs/abi.md (generated). */
public final class Vdisk {

    private Vdisk() {
    }

    /** VDISK_CDROM */
    public static final int CDROM = 0x1;

    /** VDISK_REMOVABLE */
    public static final int REMOVABLE = 0x2;

    /** VDISK_READONLY */
    public static final int READONLY = 0x4;
}

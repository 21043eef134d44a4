// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants GNTST_* of docs/abi.md (generated). */
public final class Gntst {

    private Gntst() {
    }

    /** GNTST_okay */
    public static final int OKAY = 0;

    /** GNTST_general_error */
    public static final int GENERAL_ERROR = -1;

    /** GNTST_bad_domain */
    public static final int BAD_DOMAIN = -2;

    /** GNTST_bad_gntref */
    public static final int BAD_GNTREF = -3;

    /** GNTST_bad_handle */
    public static final int BAD_HANDLE = -4;

    /** GNTST_bad_virt_addr */
    public static final int BAD_VIRT_ADDR = -5;

    /** GNTST_bad_dev_addr */
    public static final int BAD_DEV_ADDR = -6;

    /** GNTST_no_device_space */
    public static final int NO_DEVICE_SPACE = -7;

    /** GNTST_permission_denied */
    public static final int PERMISSION_DENIED = -8;

    /** GNTST_bad_page */
    public static final int BAD_PAGE = -9;

    /** GNTST_bad_copy_arg */
    public static final int BAD_COPY_ARG = -10;

    /** GNTST_address_too_big */
    public static final int ADDRESS_TOO_BIG = -11;

    /** GNTST_eagain */
    public static final int EAGAIN = -12;

    /** GNTST_no_space */
    public static final int NO_SPACE = -13;
}

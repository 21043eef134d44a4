// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XENVER_* of docs/abi.md (generated). */
public final class XenVer {

    private XenVer() {
    }

    /** XENVER_version */
    public static final int VERSION = 0;

    /** XENVER_extraversion */
    public static final int EXTRAVERSION = 1;

    /** XENVER_compile_info */
    public static final int COMPILE_INFO = 2;

    /** XENVER_capabilities */
    public static final int CAPABILITIES = 3;

    /** XENVER_changeset */
    public static final int CHANGESET = 4;

    /** XENVER_platform_parameters */
    public static final int PLATFORM_PARAMETERS = 5;

    /** XENVER_get_features */
    public static final int GET_FEATURES = 6;

    /** XENVER_pagesize */
    public static final int PAGESIZE = 7;

    /** XENVER_guest_handle */
    public static final int GUEST_HANDLE = 8;

    /** XENVER_commandline */
    public static final int COMMANDLINE = 9;

    /** XENVER_build_id */
    public static final int BUILD_ID = 10;
}

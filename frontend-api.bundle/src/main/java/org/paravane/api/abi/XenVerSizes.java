// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XEN_* of docs/abi.md (generated). */
public final class XenVerSizes {

    private XenVerSizes() {
    }

    /** XEN_EXTRAVERSION_LEN */
    public static final int EXTRAVERSION_LEN = 16;

    /** XEN_CHANGESET_LEN */
    public static final int CHANGESET_LEN = 64;

    /** XEN_CAPABILITIES_LEN */
    public static final int CAPABILITIES_LEN = 1024;

    /** XEN_PLATFORM_PARAMETERS_LEN */
    public static final int PLATFORM_PARAMETERS_LEN = 8;
}

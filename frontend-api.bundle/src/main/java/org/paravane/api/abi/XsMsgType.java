// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XS_* of docs/abi.md (generated). */
public final class XsMsgType {

    private XsMsgType() {
    }

    /** XS_CONTROL */
    public static final int CONTROL = 0;

    /** XS_DIRECTORY */
    public static final int DIRECTORY = 1;

    /** XS_READ */
    public static final int READ = 2;

    /** XS_GET_PERMS */
    public static final int GET_PERMS = 3;

    /** XS_WATCH */
    public static final int WATCH = 4;

    /** XS_UNWATCH */
    public static final int UNWATCH = 5;

    /** XS_TRANSACTION_START */
    public static final int TRANSACTION_START = 6;

    /** XS_TRANSACTION_END */
    public static final int TRANSACTION_END = 7;

    /** XS_INTRODUCE */
    public static final int INTRODUCE = 8;

    /** XS_RELEASE */
    public static final int RELEASE = 9;

    /** XS_GET_DOMAIN_PATH */
    public static final int GET_DOMAIN_PATH = 10;

    /** XS_WRITE */
    public static final int WRITE = 11;

    /** XS_MKDIR */
    public static final int MKDIR = 12;

    /** XS_RM */
    public static final int RM = 13;

    /** XS_SET_PERMS */
    public static final int SET_PERMS = 14;

    /** XS_WATCH_EVENT */
    public static final int WATCH_EVENT = 15;

    /** XS_ERROR */
    public static final int ERROR = 16;

    /** XS_IS_DOMAIN_INTRODUCED */
    public static final int IS_DOMAIN_INTRODUCED = 17;

    /** XS_RESUME */
    public static final int RESUME = 18;

    /** XS_SET_TARGET */
    public static final int SET_TARGET = 19;

    /** XS_RESET_WATCHES */
    public static final int RESET_WATCHES = 21;
}

// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants VIRQ_* of docs/abi.md (generated). */
public final class Virq {

    private Virq() {
    }

    /** VIRQ_TIMER: V: per vCPU */
    public static final int TIMER = 0;

    /** VIRQ_DEBUG: V */
    public static final int DEBUG = 1;

    /** VIRQ_CONSOLE: G: global */
    public static final int CONSOLE = 2;

    /** VIRQ_DOM_EXC: G: a domain shut down or died */
    public static final int DOM_EXC = 3;

    /** VIRQ_TBUF: G */
    public static final int TBUF = 4;

    /** VIRQ_DEBUGGER: G */
    public static final int DEBUGGER = 6;

    /** VIRQ_XENOPROF: V */
    public static final int XENOPROF = 7;

    /** VIRQ_CON_RING: G */
    public static final int CON_RING = 8;

    /** VIRQ_PCPU_STATE: G */
    public static final int PCPU_STATE = 9;

    /** VIRQ_MEM_EVENT: G */
    public static final int MEM_EVENT = 10;

    /** VIRQ_ARGO: D */
    public static final int ARGO = 11;

    /** VIRQ_ENOMEM: G */
    public static final int ENOMEM = 12;

    /** VIRQ_XENPMU: V */
    public static final int XENPMU = 13;

    /** VIRQ_ARCH_0 */
    public static final int ARCH_0 = 16;

    /** VIRQ_ARCH_7 */
    public static final int ARCH_7 = 23;

    /** VIRQ_NR: NR_VIRQS */
    public static final int NR = 24;
}

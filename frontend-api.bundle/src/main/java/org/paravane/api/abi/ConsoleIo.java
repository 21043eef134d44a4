// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants CONSOLEIO_* of docs/abi.md (generated). */
public final class ConsoleIo {

    private ConsoleIo() {
    }

    /** CONSOLEIO_write */
    public static final int WRITE = 0;

    /** CONSOLEIO_read */
    public static final int READ = 1;
}

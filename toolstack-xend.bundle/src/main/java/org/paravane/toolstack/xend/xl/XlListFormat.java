package org.paravane.toolstack.xend.xl;

import java.util.List;
import java.util.Locale;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;

/**
 * Xen's {@code xl list} table (toolstack-facts.md B.2): the header
 * {@code Name...ID   Mem VCPUs<TAB>State<TAB>Time(s)} and one row per domain in
 * {@code %-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f}.
 */
public final class XlListFormat {

    /** The header line exactly as xl prints it: Name padded to column 44, tabs before State and Time. */
    public static final String HEADER = String.format(Locale.ROOT, "%-44s%2s %5s %5s\t%s\t%s",
            "Name", "ID", "Mem", "VCPUs", "State", "Time(s)");

    /** xl's shutdown-reason letters, indexed by reason code: poweroff, reboot, suspend, crash, watchdog, soft reset. */
    private static final String REASON_LETTERS = "-rscwS";

    private XlListFormat() {
    }

    /** The whole table, header first, one line per domain, each ended by a newline. */
    public static String table(List<DomainInfo> domains) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (DomainInfo d : domains) {
            b.append(row(d)).append('\n');
        }
        return b.toString();
    }

    /** One domain's row. Mem is MiB (KiB / 1024, rounded down as xl does). */
    public static String row(DomainInfo d) {
        return String.format(Locale.ROOT, "%-40s %5d %5d %5d     %s  %8.1f",
                d.name(), d.domid(), d.memoryKiB() / 1024, d.vcpus(), state(d), d.cpuTimeNanos() / 1e9);
    }

    /**
     * The six state characters: r running, b blocked, p paused, s shutdown, the shutdown
     * reason letter (from {@code -rscwS}; '-' when not shut down), d dying.
     */
    public static String state(DomainInfo d) {
        DomainState s = d.state();
        char[] c = "------".toCharArray();
        if (s == DomainState.RUNNING) {
            c[0] = 'r';
        }
        if (s == DomainState.BLOCKED) {
            c[1] = 'b';
        }
        if (s == DomainState.PAUSED) {
            c[2] = 'p';
        }
        if (s == DomainState.SHUTDOWN) {
            c[3] = 's';
            ShutdownReason r = d.shutdownReason();
            if (r != null) {
                c[4] = REASON_LETTERS.charAt(r.ordinal());
            }
        }
        if (s == DomainState.DYING) {
            c[5] = 'd';
        }
        return new String(c);
    }
}

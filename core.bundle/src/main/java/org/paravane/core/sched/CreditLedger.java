package org.paravane.core.sched;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The credit arithmetic of the {@link CreditScheduler}, without threads or clocks: every
 * figure is host time in nanoseconds handed in by the caller, so the accounting can be
 * checked exactly (CreditLedgerTest). Callers hold the scheduler lock.
 * <ul>
 * <li>{@link #charge}: a slice's host time is debited from its domain's credit and added
 *     to the period's use; a capped domain that used {@code cap}% of one period is marked
 *     capped.</li>
 * <li>{@link #refill}: every period, one period of credit per host thread is shared among
 *     the active domains in proportion to their weight: those that ran, were capped, or
 *     have a vCPU waiting to run. (Counting only the ones that ran would hand a busy
 *     domain the whole period when its neighbour happened not to get a slice, keeping the
 *     busy one UNDER and the neighbour waiting behind it for good.) Credit is
 *     bounded above by one share (an idle domain cannot hoard a burst), not below: time
 *     used is owed until paid back, also when a slice ran long because the host preempted
 *     its thread.</li>
 * <li>A capped domain's use beyond its cap is carried into the next period (it stays
 *     capped until the overshoot is paid), so the cap holds over time even when single
 *     slices overshoot it.</li>
 * </ul>
 */
final class CreditLedger {

    private final long periodNs;
    private final int threads;

    CreditLedger(long periodNs, int threads) {
        if (periodNs <= 0 || threads < 1) {
            throw new IllegalArgumentException("period " + periodNs + " ns and " + threads + " threads");
        }
        this.periodNs = periodNs;
        this.threads = threads;
    }

    /** Debits {@code ns} of host time used by one of d's vCPUs; true when d just became capped. */
    boolean charge(SchedDomain d, long ns) {
        long used = Math.max(0, ns);
        d.credit -= used;
        d.usedThisPeriod += used;
        if (d.cap > 0 && !d.capped && d.usedThisPeriod >= capBudget(d)) {
            d.capped = true;
            return true;
        }
        return false;
    }

    /** Host time a capped domain may use per period: cap percent of one thread's period. */
    long capBudget(SchedDomain d) {
        return periodNs * d.cap / 100;
    }

    /** The credit d receives this period when {@code totalWeight} is the active weights' sum. */
    long share(SchedDomain d, long totalWeight) {
        return share(d, totalWeight, periodNs);
    }

    private long share(SchedDomain d, long totalWeight, long elapsedNs) {
        return (long) ((double) elapsedNs * threads * d.weight / totalWeight);
    }

    /**
     * One accounting period: shares out credit among the active domains, clears their use
     * and lifts caps. Returns the domains whose cap was lifted (their parked vCPUs may run).
     */
    List<SchedDomain> refill(Collection<SchedDomain> domains, Predicate<SchedDomain> waiting) {
        return refill(domains, waiting, periodNs);
    }

    /**
     * {@link #refill(Collection, Predicate)} for a period that really lasted
     * {@code elapsedNs}: the timer thread runs late on a busy host, and handing out a fixed
     * 30 ms per tick while the domains are charged the real time would leave everyone OVER,
     * where turns are taken round-robin and weights no longer count.
     */
    List<SchedDomain> refill(Collection<SchedDomain> domains, Predicate<SchedDomain> waiting, long elapsedNs) {
        long weights = 0;
        List<SchedDomain> active = new ArrayList<>();
        for (SchedDomain d : domains) {
            if (d.usedThisPeriod > 0 || d.capped || waiting.test(d)) {
                active.add(d);
                weights += d.weight;
            }
        }
        List<SchedDomain> uncapped = new ArrayList<>();
        for (SchedDomain d : active) {
            long share = share(d, weights, Math.max(periodNs, elapsedNs));
            d.credit = Math.min(d.credit + share, share);
            d.usedThisPeriod = d.cap > 0 ? Math.max(0, d.usedThisPeriod - capBudget(d)) : 0;
            if (d.capped && (d.cap == 0 || d.usedThisPeriod < capBudget(d))) {
                d.capped = false;
                uncapped.add(d);
            }
        }
        return uncapped;
    }

    /** UNDER (credit left: dispatched first) or OVER. */
    static boolean under(SchedDomain d) {
        return d.credit > 0;
    }
}

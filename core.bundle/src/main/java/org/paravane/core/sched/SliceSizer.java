package org.paravane.core.sched;

/**
 * Sizes a vCPU's next time slice in instructions so that it takes about the same host time
 * as every other vCPU's, whatever its instructions cost. Engines are told an instruction
 * budget ({@code Vcpu.run(budget)}), but an instruction of a guest that traps, takes
 * interrupts or makes hypercalls on every few instructions costs the host far more than one
 * of a guest in a compiled loop; with equal instruction budgets the expensive guest would
 * hold a host thread longer per turn and, taking turns round-robin with an equal-weight
 * neighbour, get more than its half (docs/hypervisor.md, fairness). Each vCPU keeps its
 * last measured cost per instruction and gets {@code targetNs} worth of instructions,
 * between {@code minInstructions} and the configured maximum.
 */
final class SliceSizer {

    /** Host time a slice aims at: 1 ms, about one DEFAULT_SLICE on the interpreter. */
    static final long TARGET_NS = 1_000_000L;
    /** The fewest instructions a slice gets, so that a very slow guest still progresses. */
    static final long MIN_INSTRUCTIONS = 1_000L;
    /** Runs shorter than this say little about the cost per instruction: not used. */
    static final long MIN_SAMPLE_INSTRUCTIONS = 256L;

    private final long maxInstructions;
    private final long targetNs;

    SliceSizer(long maxInstructions, long targetNs) {
        this.maxInstructions = maxInstructions;
        this.targetNs = targetNs;
    }

    /** The first slice of a vCPU: the maximum (nothing measured yet). */
    long initial() {
        return Math.max(1, maxInstructions);
    }

    /**
     * The budget of a slice of a capped domain with {@code leftNs} of its cap left this
     * period: {@code budget} scaled down to fit, so the cap is overshot by little more than
     * a minimum slice (the cap is checked after each slice).
     */
    long capped(long budget, long leftNs) {
        if (leftNs >= targetNs) {
            return budget;
        }
        long lower = Math.min(MIN_INSTRUCTIONS, maxInstructions);
        return (long) Math.max(lower, (double) budget * Math.max(0, leftNs) / targetNs);
    }

    /**
     * The next budget after a run that retired {@code retired} instructions in
     * {@code usedNs} of host time, the current budget being {@code current}.
     */
    long next(long current, long retired, long usedNs) {
        if (retired < MIN_SAMPLE_INSTRUCTIONS || usedNs <= 0) {
            return current; // a run that blocked at once: no new information
        }
        // instructions that fit in targetNs at this run's speed; double, as products overflow
        double fit = (double) retired * targetNs / usedNs;
        long lower = Math.min(MIN_INSTRUCTIONS, maxInstructions);
        return (long) Math.max(lower, Math.min(maxInstructions, fit));
    }
}

package org.paravane.core.evtchn;

/**
 * The binding class of a VIRQ (facts §2.3): per vCPU, per domain, or global (one domain
 * host-wide at a time).
 */
public enum VirqClass {
    /** One binding per vCPU, never moved with bind_vcpu. */
    PER_VCPU,
    /** Bound on vCPU 0, may be moved with bind_vcpu. */
    PER_DOMAIN,
    /** Like {@link #PER_DOMAIN}, but only one domain may bind it at a time. */
    GLOBAL;

    /**
     * The class of {@code virq} (0..23). Numbers without a Xen meaning (5, 14, 15) and the
     * architecture VIRQs 16..23 are treated as per-vCPU, the most restrictive class.
     */
    public static VirqClass of(int virq) {
        return switch (virq) {
            case 2, 3, 4, 6, 8, 9, 10, 12 -> GLOBAL;
            case 11 -> PER_DOMAIN;
            default -> PER_VCPU;
        };
    }
}

package org.paravane.core.policy;

/**
 * The security hook every hypercall worker calls before acting (Xen's XSM). Implementations
 * must be thread-safe and must not block.
 */
public interface SecurityPolicy {

    /**
     * May domain {@code caller} perform {@code action} on domain {@code target}?
     * {@code target} is already resolved (never DOMID_SELF).
     */
    boolean permits(int caller, Action action, int target);
}

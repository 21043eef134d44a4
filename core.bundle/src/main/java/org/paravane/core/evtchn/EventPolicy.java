package org.paravane.core.evtchn;

/**
 * The security hook every event-channel worker calls before acting across domains (the
 * analogue of Xen's XSM event-channel hooks). The domain layer implements it from its
 * security policy; {@link #DEFAULT} is Xen's dummy policy.
 */
public interface EventPolicy {

    /**
     * May {@code caller} manage the port table of {@code target} (alloc_unbound in another
     * domain, status of another domain's port, reset of another domain)? Xen: XSM_TARGET.
     */
    boolean mayControl(int caller, int target);

    /** May {@code caller} connect a channel with {@code remote} (bind_interdomain)? Xen: XSM_HOOK. */
    boolean mayConnect(int caller, int remote);

    /** May {@code caller} notify {@code remote} over an interdomain channel? Xen: XSM_HOOK. */
    boolean maySend(int caller, int remote);

    /**
     * Xen's dummy policy: domain 0 controls everyone, every domain controls itself, and
     * connecting and sending are allowed (the unbound port naming the peer is the permission).
     */
    EventPolicy DEFAULT = new EventPolicy() {
        @Override
        public boolean mayControl(int caller, int target) {
            return caller == 0 || caller == target;
        }

        @Override
        public boolean mayConnect(int caller, int remote) {
            return true;
        }

        @Override
        public boolean maySend(int caller, int remote) {
            return true;
        }
    };
}

package org.paravane.core.grant;

/**
 * The security hook every grant-table worker calls before acting across domains (the
 * analogue of Xen's XSM grant hooks). The domain layer implements it from its security
 * policy; {@link #DEFAULT} is Xen's dummy policy.
 */
public interface GrantPolicy {

    /** May {@code caller} query or set up the grant table of {@code target}? Xen: XSM_TARGET. */
    boolean mayControl(int caller, int target);

    /** May {@code mapper} map a grant of {@code granter}? Xen: XSM_HOOK (the grant is the permission). */
    boolean mayMap(int mapper, int granter, boolean readonly);

    /** May {@code caller} copy from {@code source} to {@code dest} (domains)? Xen: XSM_HOOK. */
    boolean mayCopy(int caller, int source, int dest);

    /** May {@code donor} transfer a page to {@code receiver}? Xen: XSM_HOOK. */
    boolean mayTransfer(int donor, int receiver);

    /** Xen's dummy policy: domain 0 controls everyone; map, copy and transfer rest on the grant. */
    GrantPolicy DEFAULT = new GrantPolicy() {
        @Override
        public boolean mayControl(int caller, int target) {
            return caller == 0 || caller == target;
        }

        @Override
        public boolean mayMap(int mapper, int granter, boolean readonly) {
            return true;
        }

        @Override
        public boolean mayCopy(int caller, int source, int dest) {
            return true;
        }

        @Override
        public boolean mayTransfer(int donor, int receiver) {
            return true;
        }
    };
}

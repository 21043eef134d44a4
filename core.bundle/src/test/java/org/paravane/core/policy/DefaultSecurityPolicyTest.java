package org.paravane.core.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DefaultSecurityPolicyTest {

    private final DefaultSecurityPolicy p = new DefaultSecurityPolicy();

    @Test
    void dom0MayDoEverything() {
        for (Action a : Action.values()) {
            assertTrue(p.permits(0, a, 5), a.name());
        }
    }

    @Test
    void anOrdinaryDomainActsOnlyOnItself() {
        assertTrue(p.permits(5, Action.MEMORY_RESERVATION, 5));
        assertFalse(p.permits(5, Action.MEMORY_RESERVATION, 6));
        assertFalse(p.permits(5, Action.HVM_GET_PARAM, 0));
        assertTrue(p.permits(5, Action.VCPU_OP, 5));
        assertFalse(p.permits(5, Action.VCPU_OP, 6));
        assertFalse(p.permits(5, Action.HVM_SET_PARAM, 5), "a guest does not set its own parameters");
        assertFalse(p.permits(5, Action.CONSOLE_READ, 5));
        assertFalse(p.permits(5, Action.SCHED_REMOTE_SHUTDOWN, 6));
        assertTrue(p.permits(5, Action.XEN_VERSION, 5));
        assertTrue(p.permits(5, Action.EVTCHN_CONNECT, 6), "the peer's consent is checked by the subsystem");
        assertTrue(p.permits(5, Action.GNTTAB_MAP, 6));
        assertFalse(p.permits(5, Action.EVTCHN_CONTROL, 6));
    }

    @Test
    void aDriverDomainGetsRightsOverNamedFrontendsOnly() {
        p.grantRights(7, 5);
        assertTrue(p.hasRights(7, 5));
        assertTrue(p.permits(7, Action.HVM_SET_PARAM, 5));
        assertTrue(p.permits(7, Action.HVM_GET_PARAM, 5));
        assertTrue(p.permits(7, Action.SCHED_REMOTE_SHUTDOWN, 5));
        assertTrue(p.permits(7, Action.EVTCHN_CONTROL, 5));
        assertFalse(p.permits(7, Action.HVM_SET_PARAM, 6), "not a frontend of 7");
        assertFalse(p.permits(5, Action.HVM_SET_PARAM, 7), "rights are not symmetric");
        assertFalse(p.permits(7, Action.CONSOLE_READ, 7), "still not privileged");
        assertFalse(p.permits(7, Action.SCHED_SELF, 5), "SELF actions stay with the domain itself");
        p.revokeRights(7, 5);
        assertFalse(p.permits(7, Action.HVM_SET_PARAM, 5));
        assertThrows(IllegalArgumentException.class, () -> p.grantRights(3, 3));
    }

    @Test
    void destroyedDomainsLoseTheirRightsAndPrivilege() {
        p.grantRights(7, 5);
        p.grantRights(8, 7);
        p.setPrivileged(9, true);
        assertTrue(p.permits(9, Action.CONSOLE_READ, 9));
        p.forgetDomain(7);
        p.forgetDomain(9);
        assertFalse(p.hasRights(7, 5));
        assertFalse(p.hasRights(8, 7));
        assertFalse(p.isPrivileged(9));
        p.forgetDomain(0);
        assertTrue(p.isPrivileged(0), "dom0 stays privileged");
    }
}

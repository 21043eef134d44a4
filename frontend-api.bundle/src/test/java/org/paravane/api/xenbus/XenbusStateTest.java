package org.paravane.api.xenbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class XenbusStateTest {

    @Test
    void valuesAreXens() {
        int v = 0;
        for (XenbusState s : XenbusState.values()) {
            assertEquals(v++, s.value());
        }
        assertEquals(XenbusState.CONNECTED, XenbusState.parse("4").orElseThrow());
        assertEquals(Optional.empty(), XenbusState.parse("9"));
        assertEquals(Optional.empty(), XenbusState.parse("x"));
        assertEquals(Optional.empty(), XenbusState.parse(""));
        assertEquals(Optional.empty(), XenbusState.parse("-1"));
    }

    @Test
    void standardHandshakeIsLegal() {
        // §9.1: backend 1→2→4, frontend 1→3→4 (netfront 1→4).
        assertTrue(XenbusState.canTransition(XenbusState.INITIALISING, XenbusState.INIT_WAIT));
        assertTrue(XenbusState.canTransition(XenbusState.INIT_WAIT, XenbusState.CONNECTED));
        assertTrue(XenbusState.canTransition(XenbusState.INITIALISING, XenbusState.INITIALISED));
        assertTrue(XenbusState.canTransition(XenbusState.INITIALISED, XenbusState.CONNECTED));
        assertTrue(XenbusState.canTransition(XenbusState.INITIALISING, XenbusState.CONNECTED));
    }

    @Test
    void shutdownAndReconnect() {
        assertTrue(XenbusState.canTransition(XenbusState.CONNECTED, XenbusState.CLOSING));
        assertTrue(XenbusState.canTransition(XenbusState.CLOSING, XenbusState.CLOSED));
        assertTrue(XenbusState.canTransition(XenbusState.CLOSED, XenbusState.INITIALISING));
        assertTrue(XenbusState.canTransition(XenbusState.CLOSED, XenbusState.INIT_WAIT));
        assertTrue(XenbusState.canTransition(XenbusState.CONNECTED, XenbusState.RECONFIGURING));
        assertTrue(XenbusState.canTransition(XenbusState.RECONFIGURING, XenbusState.RECONFIGURED));
        assertTrue(XenbusState.canTransition(XenbusState.RECONFIGURED, XenbusState.CONNECTED));
    }

    @Test
    void illegalMovesAreRefused() {
        assertFalse(XenbusState.canTransition(XenbusState.CLOSED, XenbusState.CONNECTED));
        assertFalse(XenbusState.canTransition(XenbusState.CLOSING, XenbusState.CONNECTED));
        assertFalse(XenbusState.canTransition(XenbusState.UNKNOWN, XenbusState.CONNECTED));
        assertFalse(XenbusState.canTransition(XenbusState.CONNECTED, XenbusState.INITIALISING));
        for (XenbusState s : XenbusState.values()) {
            assertTrue(XenbusState.canTransition(s, s), "rewriting the same state");
            assertFalse(XenbusState.successors(s).contains(s));
        }
    }
}

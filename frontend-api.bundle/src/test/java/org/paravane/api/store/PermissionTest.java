package org.paravane.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionTest {

    @Test
    void wireFormRoundTrips() {
        for (String s : new String[] {"n0", "r5", "w65535", "b12"}) {
            assertEquals(s, Permission.parse(s).toWire());
        }
    }

    @Test
    void badEntriesNameTheProblem() {
        for (String s : new String[] {"", "r", "x5", "r-1", "r65536", "rr5", "r1234567"}) {
            assertThrows(IllegalArgumentException.class, () -> Permission.parse(s), s);
        }
    }

    @Test
    void ownerFirstAndDefaultLetter() {
        NodePerms p = new NodePerms(List.of(Permission.parse("r5"), Permission.parse("n7"), Permission.parse("w9")));
        assertEquals(5, p.owner());
        assertEquals(Access.BOTH, p.accessOf(5));
        assertEquals(Access.NONE, p.accessOf(7));
        assertEquals(Access.WRITE, p.accessOf(9));
        assertEquals(Access.READ, p.accessOf(3), "unlisted domains get the first letter");
        assertThrows(IllegalArgumentException.class, () -> new NodePerms(List.of()));
    }

    @Test
    void errorsCarryXenErrnos() {
        assertEquals(2, XsError.ENOENT.errno());
        assertEquals(11, XsError.EAGAIN.errno());
        assertEquals(28, XsError.ENOSPC.errno());
        assertEquals(106, XsError.EISCONN.errno());
        assertEquals(XsError.EACCES, XsError.byName("EACCES").orElseThrow());
        assertEquals(16, XsError.values().length);
        assertEquals(XsError.EINVAL, XsError.values()[0], "xs_wire.h order");
    }
}

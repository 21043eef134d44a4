package org.paravane.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainInfo;

class DomainTableTest {

    @Test
    void dom0IsPrivilegedAndUnique() {
        DomainTable table = new DomainTable();
        DomainInfo dom0 = table.createDom0(1024, 2);
        assertEquals(0, dom0.domid());
        assertTrue(dom0.privileged());
        assertEquals("Domain-0", dom0.name());
        assertThrows(IllegalStateException.class, () -> table.createDom0(1024, 2));
        assertEquals(1, table.list().size());
        assertEquals(1, table.destroyAll());
        assertTrue(table.info(0).isEmpty());
    }
}

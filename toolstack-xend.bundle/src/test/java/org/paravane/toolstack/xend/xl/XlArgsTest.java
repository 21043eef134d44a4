package org.paravane.toolstack.xend.xl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;

class XlArgsTest {

    @Test
    void createTakesAFileThenOverrides() {
        XlCreateArgs a = XlCreateArgs.parse(List.of("/tmp/my dir/x.cfg", "memory=64", "name=two words"));
        assertEquals("/tmp/my dir/x.cfg", a.file());
        assertEquals(List.of("memory=64", "name=two words"), a.overrides());
        assertEquals(new XlCreateArgs(true, true, "x.cfg", List.of("vcpus=2")),
                XlCreateArgs.parse(List.of("-p", "-c", "x.cfg", "vcpus=2")));
        assertEquals(new XlCreateArgs(true, true, "x.cfg", List.of()), XlCreateArgs.parse(List.of("-cp", "x.cfg")));
    }

    @Test
    void createRefusesMissingFileOptionsAndStrayWords() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> XlCreateArgs.parse(List.of()))
                .getMessage().contains("no config file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> XlCreateArgs.parse(List.of("-e", "x.cfg")))
                .getMessage().contains("'-e'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> XlCreateArgs.parse(List.of("x.cfg", "junk")))
                .getMessage().contains("'junk'"));
    }

    @Test
    void shutdownKnowsWait() {
        assertEquals(new XlShutdownArgs(true, "hello"), XlShutdownArgs.parse(List.of("-w", "hello")));
        assertEquals(new XlShutdownArgs(false, "3"), XlShutdownArgs.parse(List.of("3")));
        assertThrows(IllegalArgumentException.class, () -> XlShutdownArgs.parse(List.of("-w")));
        assertThrows(IllegalArgumentException.class, () -> XlShutdownArgs.parse(List.of("-F", "x")));
        assertThrows(IllegalArgumentException.class, () -> XlShutdownArgs.parse(List.of("a", "b")));
    }

    @Test
    void domainRefIsAnIdWhenNumericElseAName() {
        List<DomainInfo> ds = List.of(
                new DomainInfo(0, UUID.randomUUID(), "Domain-0", DomainState.RUNNING, null, true, 1024, 1024, 1, 0),
                new DomainInfo(5, UUID.randomUUID(), "hello", DomainState.BLOCKED, null, false, 1024, 1024, 1, 0));
        assertEquals(5, DomainRef.find(ds, "5").orElseThrow().domid());
        assertEquals(5, DomainRef.find(ds, "hello").orElseThrow().domid());
        assertFalse(DomainRef.find(ds, "7").isPresent());
        assertEquals("xl destroy: domain 'nope' does not exist",
                assertThrows(IllegalArgumentException.class, () -> DomainRef.require(ds, "nope", "destroy")).getMessage());
    }
}

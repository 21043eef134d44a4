package org.paravane.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.testing.TestHypervisor;

class DomainTableTest {

    private final Hypervisor hv = TestHypervisor.start(64);
    private final DomainTable table = hv.domains();

    @AfterEach
    void close() {
        hv.close();
    }

    private static DomainException.Kind kind(Runnable r) {
        return assertThrows(DomainException.class, r::run).kind();
    }

    @Test
    void dom0IsPrivilegedAndUnique() {
        DomainInfo dom0 = table.info(0).orElseThrow();
        assertEquals(0, dom0.domid());
        assertTrue(dom0.privileged());
        assertEquals("Domain-0", dom0.name());
        assertEquals(DomainState.RUNNING, dom0.state());
        assertEquals(new UUID(0, 0), dom0.uuid());
        assertThrows(IllegalStateException.class, () -> table.createDom0(1024, 2));
        assertEquals(DomainException.Kind.NOT_PERMITTED, kind(() -> table.destroy(0)));
        assertEquals(DomainException.Kind.NOT_PERMITTED, kind(() -> table.pause(0)));
    }

    @Test
    void createGivesFreshDomidsUniqueNamesAndAPausedDomain() {
        Domain a = TestHypervisor.domU(hv, "a", 1, 1);
        Domain b = TestHypervisor.domU(hv, "b", 1, 2);
        assertEquals(1, a.domid());
        assertEquals(2, b.domid());
        assertEquals(DomainState.PAUSED, a.state());
        assertFalse(a.privileged());
        assertEquals(256, a.memory().currentFrames());
        assertEquals(2, b.vcpus().size());
        assertEquals(DomainException.Kind.NAME_IN_USE, kind(() -> TestHypervisor.domU(hv, "a", 1, 1)));
        assertEquals(DomainException.Kind.NAME_IN_USE, kind(() -> TestHypervisor.domU(hv, "Domain-0", 1, 1)));
        assertEquals(List.of(0, 1, 2), table.list().stream().map(DomainInfo::domid).toList());
        table.destroy(a.domid());
        Domain c = TestHypervisor.domU(hv, "a", 1, 1);
        assertEquals(3, c.domid(), "domids are handed out round-robin, not reused at once");
    }

    @Test
    void invalidConfigsAreRejectedWithAReason() {
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.create(DomainConfig.of("", 1024, 1))));
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.create(DomainConfig.of("a b", 1024, 1))));
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.create(DomainConfig.of("x", 0, 1))));
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.create(DomainConfig.of("x", 1023, 1))));
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.create(DomainConfig.of("x", 1024, 0))));
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.create(DomainConfig.of("x", 1024, 65))));
        assertEquals(DomainException.Kind.INVALID_CONFIG,
                kind(() -> table.create(new DomainConfig("x", null, 2048, 1024, 1, 256, 0))));
        assertEquals(DomainException.Kind.INVALID_CONFIG,
                kind(() -> table.create(new DomainConfig("x", null, 1024, 1024, 1, 0, 0))));
        assertEquals(1, table.size());
    }

    @Test
    void budgetExhaustionIsAClearOutOfMemory() {
        TestHypervisor.domU(hv, "big", 48, 1);
        DomainException e = assertThrows(DomainException.class, () -> TestHypervisor.domU(hv, "more", 32, 1));
        assertEquals(DomainException.Kind.OUT_OF_MEMORY, e.kind());
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
        assertEquals(2, table.size(), "nothing half-created remains");
        assertEquals(48 * 256, hv.budget().chargedFrames());
    }

    @Test
    void stateMachineRejectsIllegalTransitions() {
        Domain d = TestHypervisor.domU(hv, "sm", 1, 1);
        int id = d.domid();
        assertEquals(DomainException.Kind.ILLEGAL_STATE, kind(() -> table.pause(id)));
        table.unpause(id);
        assertTrue(d.state() == DomainState.RUNNING || d.state() == DomainState.BLOCKED);
        DomainException e = assertThrows(DomainException.class, () -> table.unpause(id));
        assertTrue(e.getMessage().contains("RUNNING → RUNNING") || e.getMessage().contains("BLOCKED → RUNNING"),
                e.getMessage());
        table.pause(id);
        assertEquals(DomainState.PAUSED, d.state());
        assertTrue(table.shutdown(id, ShutdownReason.REBOOT));
        assertFalse(table.shutdown(id, ShutdownReason.POWEROFF), "second shutdown is a no-op");
        assertEquals(ShutdownReason.REBOOT, d.info().shutdownReason());
        assertEquals(DomainState.SHUTDOWN, d.state());
        assertEquals(DomainException.Kind.ILLEGAL_STATE, kind(() -> table.unpause(id)));
        table.destroy(id);
        assertEquals(DomainState.DEAD, d.state());
        assertEquals(DomainException.Kind.NO_SUCH_DOMAIN, kind(() -> table.destroy(id)));
    }

    @Test
    void transitionTableMatchesTheIssue() {
        assertTrue(DomainTransitions.isLegal(DomainState.PAUSED, DomainState.RUNNING));
        assertTrue(DomainTransitions.isLegal(DomainState.RUNNING, DomainState.BLOCKED));
        assertTrue(DomainTransitions.isLegal(DomainState.BLOCKED, DomainState.RUNNING));
        assertTrue(DomainTransitions.isLegal(DomainState.SHUTDOWN, DomainState.DYING));
        assertTrue(DomainTransitions.isLegal(DomainState.DYING, DomainState.DEAD));
        assertFalse(DomainTransitions.isLegal(DomainState.SHUTDOWN, DomainState.RUNNING));
        assertFalse(DomainTransitions.isLegal(DomainState.DEAD, DomainState.PAUSED));
        assertFalse(DomainTransitions.isLegal(DomainState.DYING, DomainState.RUNNING));
        assertTrue(DomainTransitions.from(DomainState.DEAD).isEmpty());
    }

    @Test
    void destroyRunsReleaseHooksInReverseOrderBeforeMemoryIsFreed() {
        List<String> calls = new ArrayList<>();
        table.addReleaseHook(d -> calls.add("evtchn:" + d.domid() + ":" + d.memory().isClosed()));
        table.addReleaseHook(d -> calls.add("grant:" + d.domid()));
        table.addReleaseHook(d -> {
            throw new IllegalStateException("a broken hook does not stop the others");
        });
        List<Integer> destroyed = new ArrayList<>();
        table.addListener(new DomainListener() {
            @Override
            public void destroyed(Domain d) {
                destroyed.add(d.domid());
            }
        });
        Domain d = TestHypervisor.domU(hv, "hooks", 1, 1);
        table.destroy(d.domid());
        assertEquals(List.of("grant:" + d.domid(), "evtchn:" + d.domid() + ":false"), calls);
        assertTrue(d.memory().isClosed());
        assertEquals(List.of(d.domid()), destroyed);
        assertEquals(0, hv.budget().chargedFrames());
    }

    @Test
    void recreateIsDestroyPlusANewDomainWithANewDomid() {
        Domain d = TestHypervisor.domU(hv, "rb", 2, 1);
        table.setSchedulerParams(d.domid(), 512, 50);
        table.shutdown(d.domid(), ShutdownReason.REBOOT);
        Domain n = table.recreate(d.domid());
        assertNotEquals(d.domid(), n.domid());
        assertEquals("rb", n.name());
        assertEquals(d.uuid(), n.uuid());
        assertEquals(512, n.info().weight());
        assertEquals(50, n.info().cap());
        assertEquals(DomainState.PAUSED, n.state());
        assertTrue(table.domain(d.domid()).isEmpty());
    }

    @Test
    void guestCrashShutsTheDomainDownWithCrash() {
        Domain d = TestHypervisor.domU(hv, "crash", 1, 1);
        TestHypervisor.cpu(d, 0).then(v -> org.paravane.api.engine.RunExit.CRASHED);
        table.scheduler().up(d.vcpu(0));
        table.unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> d.state() == DomainState.SHUTDOWN));
        assertEquals(ShutdownReason.CRASH, d.shutdownReason());
    }

    @Test
    void memoryTargetAndSchedulerParamsAreValidated() {
        Domain d = TestHypervisor.domU(hv, "t", 4, 1);
        table.setMemoryTarget(d.domid(), 2048);
        assertEquals(2048, d.info().targetKiB());
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.setMemoryTarget(d.domid(), -1)));
        assertEquals(DomainException.Kind.INVALID_CONFIG, kind(() -> table.setSchedulerParams(d.domid(), 0, 0)));
        assertEquals(DomainException.Kind.NO_SUCH_DOMAIN, kind(() -> table.setSchedulerParams(999, 1, 0)));
    }
}

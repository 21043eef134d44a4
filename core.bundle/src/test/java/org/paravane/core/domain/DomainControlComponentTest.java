package org.paravane.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.domain.internal.DomainControlComponent;
import org.paravane.core.hv.internal.HypervisorComponent;

/** The DS components, constructed as SCR would (configuration annotation proxied). */
class DomainControlComponentTest {

    static HypervisorComponent.Config config(long budgetMiB, int threads) {
        return (HypervisorComponent.Config) Proxy.newProxyInstance(HypervisorComponent.Config.class.getClassLoader(),
                new Class<?>[] {HypervisorComponent.Config.class}, (p, m, a) -> switch (m.getName()) {
                    case "memoryBudgetMiB" -> budgetMiB;
                    case "schedulerThreads" -> threads;
                    case "sliceInstructions" -> 1000L;
                    default -> m.getDefaultValue();
                });
    }

    @Test
    void domainControlServesDom0AndTheLifeCycle() {
        HypervisorComponent hv = new HypervisorComponent(config(32, 0));
        try {
            DomainControl dc = new DomainControlComponent(hv);
            DomainInfo dom0 = dc.list().get(0);
            assertEquals(0, dom0.domid());
            assertEquals("Domain-0", dom0.name());
            assertTrue(dom0.privileged());
            assertEquals(Runtime.getRuntime().availableProcessors(), hv.hypervisor().scheduler().threadCount());
            DomainInfo d = dc.create(DomainConfig.of("web", 4096, 1));
            assertEquals(DomainState.PAUSED, d.state());
            assertEquals(d, dc.byName("web").orElseThrow());
            dc.unpause(d.domid());
            dc.shutdown(d.domid(), ShutdownReason.POWEROFF);
            assertEquals(DomainState.SHUTDOWN, dc.info(d.domid()).orElseThrow().state());
            DomainInfo again = dc.recreate(d.domid());
            assertTrue(again.domid() != d.domid());
            dc.setMemoryTarget(again.domid(), 2048);
            dc.setSchedulerParams(again.domid(), 128, 0);
            assertEquals(128, dc.info(again.domid()).orElseThrow().weight());
            dc.destroy(again.domid());
            assertEquals(1, dc.list().size());
            DomainException e = assertThrows(DomainException.class,
                    () -> dc.create(DomainConfig.of("huge", 64 * 1024, 1)));
            assertEquals(DomainException.Kind.OUT_OF_MEMORY, e.kind());
        } finally {
            hv.deactivateForTest();
        }
    }
}

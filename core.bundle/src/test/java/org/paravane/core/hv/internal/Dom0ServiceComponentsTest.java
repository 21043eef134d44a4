package org.paravane.core.hv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.EvtchnBindInterdomainLayout;
import org.paravane.api.abi.EvtchnOp;
import org.paravane.api.abi.Gtf;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.Platform;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.grant.GrantMapping;
import org.paravane.api.grant.GrantService;
import org.paravane.core.domain.Domain;
import org.paravane.core.memory.GuestMemoryAccessor;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/** dom0's Java services, constructed as SCR would, used by a guest through real hypercalls. */
class Dom0ServiceComponentsTest {

    static HypervisorComponent.Config config() {
        return (HypervisorComponent.Config) Proxy.newProxyInstance(HypervisorComponent.Config.class.getClassLoader(),
                new Class<?>[] {HypervisorComponent.Config.class}, (p, m, a) -> switch (m.getName()) {
                    case "memoryBudgetMiB" -> 64L;
                    case "schedulerThreads" -> 1;
                    case "sliceInstructions" -> 1000L;
                    default -> m.getDefaultValue();
                });
    }

    @Test
    void aGuestNotifiesADom0JavaHandlerAndGrantsItAPage() {
        HypervisorComponent hvc = new HypervisorComponent(config());
        try {
            hvc.bindEngine(TestHypervisor.ENGINE);
            EventChannelService evtchn = new EventChannelComponent(hvc);
            GrantService grants = new GrantComponent(hvc);
            Domain g = hvc.hypervisor().domains().create(DomainConfig.of("frontend", 1024, 1));
            List<Integer> seen = new CopyOnWriteArrayList<>();
            int dom0Port = evtchn.allocUnbound(g.domid(), seen::add);
            // The guest binds to dom0's port and notifies it.
            GuestMemoryAccessor m = new GuestMemoryAccessor(g.memory());
            long arg = Platform.RAM_BASE + 0x1000;
            m.write(arg, new byte[] {0, 0, 0, 0}, 0, 4);
            m.writeU32(arg + EvtchnBindInterdomainLayout.REMOTE_PORT, dom0Port);
            ScriptedVcpu cpu = TestHypervisor.cpu(g, 0);
            assertEquals(0, cpu.hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.BIND_INTERDOMAIN, arg));
            int guestPort = (int) m.readU32(arg + EvtchnBindInterdomainLayout.LOCAL_PORT);
            m.writeU32(arg, guestPort);
            assertEquals(0, cpu.hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.SEND, arg));
            assertTrue(TestHypervisor.await(() -> seen.contains(dom0Port)), "dom0's handler ran");
            // The guest grants frame 10 to dom0; a backend maps it as a bounded segment.
            g.memory().ram().set(ValueLayout.JAVA_INT, 10L * 4096, 0x5EED);
            var table = hvc.hypervisor().grants().tableFrame(g.domid(), 0);
            table.set(ValueLayout.JAVA_SHORT, 8 * 8 + 2, (short) 0);
            table.set(ValueLayout.JAVA_INT, 8 * 8 + 4, (int) (Platform.RAM_BASE / 4096 + 10));
            table.set(ValueLayout.JAVA_SHORT, 8 * 8, (short) (Gtf.PERMIT_ACCESS | Gtf.READONLY));
            GrantMapping map = grants.map(g.domid(), 8, true);
            assertEquals(4096, map.segment().byteSize());
            assertEquals(0x5EED, map.segment().get(ValueLayout.JAVA_INT, 0));
            grants.unmap(map);
            assertEquals(0, hvc.hypervisor().grants().activeGrants(g.domid()));
        } finally {
            hvc.deactivateForTest();
        }
    }
}

package org.paravane.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.SbiExtension;
import org.paravane.api.abi.VcpuOp;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.memory.NativePages;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/**
 * 10,000 create/destroy cycles of 16 MiB domains leave nothing behind: no native mapping,
 * no budget charge, no scheduler entry, no timer, no thread, no table entry, and every
 * release hook ran once per domain. Measured with the hypervisor's own counters.
 */
class DomainLeakTest {

    @Test
    void tenThousandCreateDestroyCyclesLeakNothing() {
        Hypervisor hv = TestHypervisor.start(64);
        try {
            DomainTable table = hv.domains();
            AtomicInteger released = new AtomicInteger();
            java.util.List<Integer> leftovers = new java.util.ArrayList<>();
            table.addReleaseHook(d -> released.incrementAndGet());
            table.addListener(new DomainListener() {
                @Override
                public void destroyed(Domain d) {
                    if (hv.events().hasDomain(d.domid()) || hv.grants().hasDomain(d.domid())) {
                        leftovers.add(d.domid());
                    }
                }
            });
            long mappingsBefore = NativePages.liveMappings();
            long bytesBefore = NativePages.liveBytes();
            int threadsBefore = Thread.activeCount();
            for (int i = 0; i < 10_000; i++) {
                Domain d = table.create(new DomainConfig("leak-" + i, null, 16 * 1024, 16 * 1024, 2, 256, 0));
                if (i % 100 == 0) {
                    exercise(hv, d);
                }
                if (i % 3 == 0) {
                    table.shutdown(d.domid(), ShutdownReason.POWEROFF);
                }
                table.destroy(d.domid());
            }
            assertEquals(10_000, released.get());
            assertEquals(java.util.List.of(), leftovers, "event channels and grant tables released");
            assertEquals(1, table.size(), "only dom0 remains");
            assertEquals(0, hv.budget().chargedFrames());
            assertEquals(0, hv.scheduler().domainCount());
            assertEquals(mappingsBefore, NativePages.liveMappings());
            assertEquals(bytesBefore, NativePages.liveBytes());
            assertTrue(TestHypervisor.await(() -> hv.timers().pending() <= 1), "only the accounting tick is queued");
            assertTrue(TestHypervisor.await(() -> Thread.activeCount() <= threadsBefore),
                    "no thread left behind: " + Thread.activeCount() + " > " + threadsBefore);
        } finally {
            hv.close();
        }
    }

    /** Runs the domain for a moment with armed timers and a blocked vCPU, so destroy has work. */
    private static void exercise(Hypervisor hv, Domain d) {
        ScriptedVcpu v0 = TestHypervisor.cpu(d, 0);
        v0.then(v -> {
            v.hypercall(Hypercall.SET_TIMER_OP, hv.clock().systemTimeNs() + 3_600_000_000_000L);
            v.ecall(SbiExtension.TIME, 0, Long.MAX_VALUE / 1000);
            v.hypercall(Hypercall.VCPU_OP, VcpuOp.UP, 1);
            return null;
        });
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        TestHypervisor.await(() -> d.vcpu(1).isUp() && v0.runs() > 0);
    }
}

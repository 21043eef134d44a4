package org.paravane.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SchedOp;
import org.paravane.api.abi.Virq;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.RunExit;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.memory.GuestMemoryAccessor;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/** The credit scheduler with real (scripted) vCPUs running on its host threads. */
class CreditSchedulerTest {

    private Hypervisor hv = TestHypervisor.start(64);

    @AfterEach
    void close() {
        hv.close();
    }

    private static RunExit blockIfAsked(ScriptedVcpu v, long nr, long... args) {
        return v.ecall(org.paravane.api.abi.SbiExtension.XEN, nr, args).outcome() == EcallOutcome.BLOCK
                ? RunExit.BLOCKED : null;
    }

    @Test
    void idleVcpuIsParkedUntilAnInterruptWakesIt() throws InterruptedException {
        Domain d = TestHypervisor.domU(hv, "idle", 1, 1);
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> d.vcpu(0).state() == VcpuRunState.BLOCKED));
        assertEquals(DomainState.BLOCKED, d.state());
        int runs = cpu.runs();
        Thread.sleep(100); // several accounting periods: a parked vCPU is never run
        assertEquals(runs, cpu.runs());
        cpu.setInterruptPending(Platform.SIP_SEIP, true);
        hv.scheduler().wake(d.vcpu(0));
        assertTrue(TestHypervisor.await(() -> cpu.runs() > runs));
    }

    @Test
    void schedOpBlockWaitsForAnUpcall() {
        Domain d = TestHypervisor.domU(hv, "blk", 1, 1);
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        List<String> trace = new CopyOnWriteArrayList<>();
        cpu.then(v -> blockIfAsked(v, Hypercall.SCHED_OP, SchedOp.BLOCK));
        cpu.then(v -> {
            trace.add("woken");
            return RunExit.BLOCKED; // and block again without a condition: stays parked
        });
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> d.vcpu(0).state() == VcpuRunState.BLOCKED));
        hv.scheduler().wake(d.vcpu(0));
        assertEquals(VcpuRunState.BLOCKED, d.vcpu(0).state(), "no upcall pending: the wake is spurious");
        d.vcpuInfo(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 1); // what event delivery does, then it kicks
        hv.scheduler().wake(d.vcpu(0));
        assertTrue(TestHypervisor.await(() -> trace.size() == 1));
    }

    @Test
    void pollTimesOutAndWakes() {
        Domain d = TestHypervisor.domU(hv, "poll", 1, 1);
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        GuestMemoryAccessor mem = new GuestMemoryAccessor(d.memory());
        long arg = Platform.RAM_BASE + 0x1000;
        mem.writeU64(arg, arg + 0x100);
        mem.writeU32(arg + 8, 1);
        mem.writeU32(arg + 0x100, 5);
        List<String> trace = new CopyOnWriteArrayList<>();
        cpu.then(v -> {
            mem.writeU64(arg + 16, hv.clock().systemTimeNs() + 20_000_000L);
            return blockIfAsked(v, Hypercall.SCHED_OP, SchedOp.POLL, arg);
        });
        cpu.then(v -> {
            trace.add("timed out: " + d.vcpu(0).pollTimedOut());
            return null;
        });
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> trace.size() == 1));
        assertEquals(List.of("timed out: true"), trace);
    }

    @Test
    void pollWakesWhenThePortBecomesPending() {
        Domain d = TestHypervisor.domU(hv, "pollev", 1, 1);
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        GuestMemoryAccessor mem = new GuestMemoryAccessor(d.memory());
        long arg = Platform.RAM_BASE + 0x1000;
        mem.writeU64(arg, arg + 0x100);
        mem.writeU32(arg + 8, 1);
        mem.writeU32(arg + 0x100, 5);
        mem.writeU64(arg + 16, 0);
        List<String> trace = new CopyOnWriteArrayList<>();
        cpu.then(v -> blockIfAsked(v, Hypercall.SCHED_OP, SchedOp.POLL, arg));
        cpu.then(v -> {
            trace.add("woken");
            return null;
        });
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> d.vcpu(0).state() == VcpuRunState.BLOCKED));
        hv.scheduler().wake(d.vcpu(0));
        assertTrue(TestHypervisor.await(() -> d.vcpu(0).state() == VcpuRunState.BLOCKED));
        assertEquals(List.of(), trace, "a wake without the port pending does not end the poll");
        d.sharedInfo().set(ValueLayout.JAVA_LONG, org.paravane.api.abi.SharedInfoLayout.EVTCHN_PENDING, 1L << 5);
        hv.scheduler().wake(d.vcpu(0));
        assertTrue(TestHypervisor.await(() -> trace.size() == 1));
    }

    @Test
    void setTimerOpSendsVirqTimerToTheVcpu() {
        List<String> virqs = new CopyOnWriteArrayList<>();
        hv.scheduler().setVirqSink((domid, vcpu, virq) -> virqs.add(domid + "/" + vcpu + "/" + virq));
        Domain d = TestHypervisor.domU(hv, "tmr", 1, 1);
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        cpu.then(v -> {
            v.hypercall(Hypercall.SET_TIMER_OP, hv.clock().systemTimeNs() + 5_000_000L);
            return null;
        });
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> virqs.size() == 1));
        assertEquals(d.domid() + "/0/" + Virq.TIMER, virqs.get(0));
    }

    @Test
    void pausedDomainsDoNotRun() throws InterruptedException {
        Domain d = TestHypervisor.domU(hv, "p", 1, 1);
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        hv.scheduler().up(d.vcpu(0));
        Thread.sleep(50);
        assertEquals(0, cpu.runs(), "created paused");
        assertEquals(VcpuRunState.PARKED, d.vcpu(0).state());
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> cpu.runs() > 0));
    }

    @Test
    void thousandIdleDomainsCostNoRuns() throws InterruptedException {
        List<Domain> ds = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Domain d = hv.domains().create(DomainConfig.of("idle" + i, 64, 1));
            hv.scheduler().up(d.vcpu(0));
            hv.domains().unpause(d.domid());
            ds.add(d);
        }
        assertTrue(TestHypervisor.await(() -> ds.stream().allMatch(d -> d.vcpu(0).state() == VcpuRunState.BLOCKED)));
        int runs = ds.stream().mapToInt(d -> TestHypervisor.cpu(d, 0).runs()).sum();
        assertEquals(1000, runs, "each ran once, then parked");
        Thread.sleep(200);
        assertEquals(runs, ds.stream().mapToInt(d -> TestHypervisor.cpu(d, 0).runs()).sum());
    }

    private static RunExit spin(ScriptedVcpu v) {
        long end = System.nanoTime() + 100_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        v.then(CreditSchedulerTest::spin);
        return RunExit.BUDGET_EXHAUSTED;
    }

    /**
     * The cap on real threads, without timing: a domain capped at 1 % (300 µs of each 30 ms
     * period) that spins is parked once its slices used that, and runs again after the
     * next refill. The shares themselves are checked exactly in CreditLedgerTest and
     * measured by {@code ./hv bench sched}.
     */
    @Test
    void aCappedDomainIsParkedWhenItsCapIsUsedAndRunsAgainAfterTheRefill() {
        Domain d = hv.domains().create(new DomainConfig("capped", null, 1024, 1024, 1, 256, 1));
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        cpu.then(CreditSchedulerTest::spin);
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> d.vcpu(0).state() == VcpuRunState.PARKED), "parked by its cap");
        int runs = cpu.runs();
        assertTrue(TestHypervisor.await(() -> cpu.runs() > runs), "runs again after the refill");
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new CreditScheduler(0, 1, new GuestClock(), hv.timers()));
        assertThrows(IllegalArgumentException.class,
                () -> new CreditScheduler(1, 0, new GuestClock(), hv.timers()));
        assertThrows(IllegalArgumentException.class, () -> hv.scheduler().addDomain(9999, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> hv.scheduler().addDomain(9999, 1, 1, -1));
    }
}

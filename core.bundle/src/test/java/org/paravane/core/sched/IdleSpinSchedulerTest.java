package org.paravane.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.Platform;
import org.paravane.api.engine.RunExit;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/**
 * The scheduler's idle spin on real worker threads: wake-ups handed to spinning workers are
 * never lost, the spin ends by itself (a blocked vCPU costs no host CPU), 0 turns it off, and
 * a wake of pollers leaves a running vCPU alone.
 */
class IdleSpinSchedulerTest {

    private final TimerService timers = new TimerService();
    private CreditScheduler sched;

    @AfterEach
    void close() {
        if (sched != null) {
            sched.close();
        }
        timers.close();
    }

    /** One run of a guest that takes its interrupt (acks SEIP) and blocks again. */
    private static RunExit ackAndBlock(ScriptedVcpu c) {
        c.setInterruptPending(Platform.SIP_SEIP, false);
        return RunExit.BLOCKED;
    }

    /** A 1-vCPU domain whose vCPU blocks at once; each round appends one {@link #ackAndBlock}. */
    private VcpuContext blockingVcpu(int domid, ScriptedVcpu[] out) {
        SchedDomain d = sched.addDomain(domid, 1, 256, 0);
        VcpuContext v = d.vcpus().get(0);
        ScriptedVcpu cpu = new ScriptedVcpu(null, 0);
        cpu.then(IdleSpinSchedulerTest::ackAndBlock);
        v.attach(cpu);
        out[0] = cpu;
        sched.up(v);
        sched.unpause(d); // registered paused
        return v;
    }

    /** Event ping-pong: wake the blocked vCPU, wait until it ran and blocked again, repeat. */
    private static void pingPong(CreditScheduler s, VcpuContext v, ScriptedVcpu cpu, int rounds) {
        assertTrue(TestHypervisor.await(() -> v.state() == VcpuRunState.BLOCKED && cpu.runs() == 1));
        for (int i = 1; i <= rounds; i++) {
            int runs = i + 1;
            cpu.then(IdleSpinSchedulerTest::ackAndBlock);
            cpu.setInterruptPending(Platform.SIP_SEIP, true);
            s.wake(v);
            assertTrue(TestHypervisor.await(() -> cpu.runs() == runs && v.state() == VcpuRunState.BLOCKED),
                    "round " + i + " was not delivered");
        }
    }

    @Test
    void everyWakeOfABlockedVcpuIsDeliveredWithTheSpinOnAndTheWorkersParkAfterwards() {
        sched = new CreditScheduler(2, 1000, new GuestClock(), timers, 10_000_000L); // 10 ms bound
        ScriptedVcpu[] cpu = new ScriptedVcpu[1];
        VcpuContext v = blockingVcpu(1, cpu);
        pingPong(sched, v, cpu[0], 2_000);
        assertEquals(2_001, cpu[0].runs(), "each wake-up ran the vCPU exactly once");
        long[] c = sched.idleSpinCounts();
        assertTrue(c[0] + c[1] > 0, "wake-ups ~1 ms apart open a 10 ms window: some idle periods were spun");
        // the spin is bounded: with the vCPU blocked and nothing to do, every worker parks
        assertTrue(TestHypervisor.await(sched::allWorkersParked), "a worker kept spinning after its window");
        assertEquals(VcpuRunState.BLOCKED, v.state());
    }

    @Test
    void zeroTurnsTheSpinOff() {
        sched = new CreditScheduler(2, 1000, new GuestClock(), timers, 0);
        ScriptedVcpu[] cpu = new ScriptedVcpu[1];
        VcpuContext v = blockingVcpu(1, cpu);
        pingPong(sched, v, cpu[0], 200);
        long[] c = sched.idleSpinCounts();
        assertEquals(0, c[0] + c[1], "no spin at all");
        assertTrue(c[2] >= 200, "each round's worker parked: " + c[2]);
    }

    @Test
    void manyDomainsWokenTogetherAllRunWithTheSpinOn() {
        sched = new CreditScheduler(2, 1000, new GuestClock(), timers, 10_000_000L);
        int n = 50;
        VcpuContext[] vs = new VcpuContext[n];
        ScriptedVcpu[] cpus = new ScriptedVcpu[n];
        for (int i = 0; i < n; i++) {
            ScriptedVcpu[] out = new ScriptedVcpu[1];
            vs[i] = blockingVcpu(i + 1, out);
            cpus[i] = out[0];
        }
        for (int round = 1; round <= 20; round++) {
            for (int i = 0; i < n; i++) {
                int k = i;
                assertTrue(TestHypervisor.await(() -> vs[k].state() == VcpuRunState.BLOCKED));
            }
            for (int i = 0; i < n; i++) {
                cpus[i].then(IdleSpinSchedulerTest::ackAndBlock);
                cpus[i].setInterruptPending(Platform.SIP_SEIP, true);
                sched.wake(vs[i]);
            }
            int runs = round + 1;
            for (int i = 0; i < n; i++) {
                int k = i;
                assertTrue(TestHypervisor.await(() -> cpus[k].runs() == runs), "d" + (i + 1) + " round " + round);
            }
        }
        assertTrue(TestHypervisor.await(sched::allWorkersParked));
    }

    @Test
    void wakeIfBlockedLeavesARunningVcpuAloneWhileWakeMarksIt() throws InterruptedException {
        sched = new CreditScheduler(2, 1000, new GuestClock(), timers, 0);
        SchedDomain d = sched.addDomain(1, 2, 256, 0);
        AtomicReference<VcpuContext> self = new AtomicReference<>();
        ScriptedVcpu quiet = new ScriptedVcpu(null, 0);
        quiet.then(c -> {
            sched.wakeIfBlocked(self.get()); // a port polled by nobody became pending
            return RunExit.BLOCKED;
        });
        VcpuContext v0 = d.vcpus().get(0);
        self.set(v0);
        v0.attach(quiet);
        AtomicReference<VcpuContext> other = new AtomicReference<>();
        ScriptedVcpu kicked = new ScriptedVcpu(null, 1);
        kicked.then(c -> {
            sched.wake(other.get()); // an interrupt kick while running: block must not stick
            return RunExit.BLOCKED;
        });
        VcpuContext v1 = d.vcpus().get(1);
        other.set(v1);
        v1.attach(kicked);
        sched.up(v0);
        sched.up(v1);
        sched.unpause(d);
        assertTrue(TestHypervisor.await(() -> kicked.runs() >= 2), "wake() on a running vCPU makes it run again");
        assertTrue(TestHypervisor.await(() -> v0.state() == VcpuRunState.BLOCKED));
        Thread.sleep(50); // several chances to run it again, if it were (wrongly) marked
        assertEquals(1, quiet.runs(), "wakeIfBlocked() on a running vCPU costs no second slice");
        assertEquals(VcpuRunState.BLOCKED, v0.state());
    }

    @Test
    void thePropertyIsCheckedWithAClearMessage() {
        String old = System.getProperty("paravane.sched.idleSpinMicros");
        try {
            System.setProperty("paravane.sched.idleSpinMicros", "fast");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    CreditScheduler::idleSpinFromProperty);
            assertTrue(e.getMessage().contains("paravane.sched.idleSpinMicros"), e.getMessage());
            System.setProperty("paravane.sched.idleSpinMicros", "-1");
            assertThrows(IllegalArgumentException.class, CreditScheduler::idleSpinFromProperty);
            System.setProperty("paravane.sched.idleSpinMicros", "10001");
            assertThrows(IllegalArgumentException.class, CreditScheduler::idleSpinFromProperty);
            System.setProperty("paravane.sched.idleSpinMicros", " 30 ");
            assertEquals(30_000, CreditScheduler.idleSpinFromProperty());
            System.clearProperty("paravane.sched.idleSpinMicros");
            assertEquals(CreditScheduler.DEFAULT_IDLE_SPIN_MICROS * 1000, CreditScheduler.idleSpinFromProperty());
        } finally {
            if (old == null) {
                System.clearProperty("paravane.sched.idleSpinMicros");
            } else {
                System.setProperty("paravane.sched.idleSpinMicros", old);
            }
        }
    }
}

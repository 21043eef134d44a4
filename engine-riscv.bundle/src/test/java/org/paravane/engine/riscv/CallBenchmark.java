package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * Throughput of call-heavy code (a loop calling a small function: every iteration leaves
 * translated code twice through jal/jalr), printed, not asserted. Run alone like
 * LoopBenchmark: {@code -Dtest=CallBenchmark}.
 */
class CallBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void loopCallingAFunction() {
        final int iterations = 5_000_000;
        for (int threshold : new int[] {-1, RiscvEngine.DEFAULT_JIT_THRESHOLD}) {
            try (Machine m = new Machine(1 << 20, new RiscvEngine(threshold))) {
                Asm a = new Asm(Machine.RAM_BASE);
                a.li(T5, iterations);
                long loop = a.here();
                long func = Machine.RAM_BASE + 0x200;
                a.emit(addi(A0, T5, 0));
                a.emit(jal(RA, (int) (func - a.here()))); // here() is read before emit appends
                a.emit(add(T4, T4, A0), addi(T5, T5, -1));
                a.emit(bne(T5, ZERO, (int) (loop - a.here())), ECALL);
                m.load(a, Machine.RAM_BASE);
                m.load(new Asm(func).emit(slli(A0, A0, 1), xori(A0, A0, 0x55), jalr(ZERO, RA, 0)), func);
                long c0 = THREADS.getCurrentThreadCpuTime();
                long i0 = m.hart.instructionsRetired();
                RunExit e;
                do {
                    e = m.hart.run(10_000_000);
                } while (e == RunExit.BUDGET_EXHAUSTED);
                long cpu = THREADS.getCurrentThreadCpuTime() - c0;
                long n = m.hart.instructionsRetired() - i0;
                assertEquals(RunExit.STOPPED, e);
                long expect = 0;
                for (long t = iterations; t > 0; t--) {
                    expect += (t << 1) ^ 0x55;
                }
                assertEquals(expect, m.x(T4), "threshold " + threshold);
                System.out.printf("CallBenchmark threshold %d: %d instructions, %.0f MIPS per CPU-second%n",
                        threshold, n, n * 1e3 / cpu);
            }
        }
    }
}

package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * Throughput check, not a timed assertion: a tight 8-instruction multiply/shift/store/load
 * loop of an S-mode guest (the loop ARCHITECTURE.md measured QEMU TCG with), run for
 * about 200 M guest instructions; prints guest MIPS. Asserts only that the guest computed
 * the right result. Not matched by surefire's default includes: run it alone with
 * {@code mvn -o verify -pl engine-riscv.bundle -am -Dtest=LoopBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LoopBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final int ITERATIONS = 25_000_000; // x 8 instructions = 200 M

    @Test
    void tightLoopInterpreted() {
        tightLoop("interpreter", -1);
    }

    @Test
    void tightLoopTranslated() {
        tightLoop("translated", RiscvEngine.DEFAULT_JIT_THRESHOLD);
    }

    private void tightLoop(String mode, int jitThreshold) {
        try (Machine m = new Machine(1 << 20, new RiscvEngine(jitThreshold))) {
            Asm a = new Asm(Machine.RAM_BASE);
            a.li(A0, Machine.RAM_BASE + 0x8000); // scratch word
            a.li(T5, ITERATIONS);
            a.li(T0, 0x1234567);
            a.li(T1, 0x9e3779b97f4a7c15L);
            a.li(T4, 0);
            long loop = a.here();
            a.emit(mul(T0, T0, T1),
                    srli(T2, T0, 7),
                    xor(T0, T0, T2),
                    sd(T0, A0, 0),
                    ld(T3, A0, 0),
                    add(T4, T4, T3),
                    addi(T5, T5, -1));
            a.emit(bne(T5, ZERO, (int) (loop - a.here())));
            a.emit(ECALL);
            m.load(a, Machine.RAM_BASE);

            // warm-up pass so HotSpot compiles the interpreter, then the measured pass
            for (int pass = 0; pass < 2; pass++) {
                m.hart.setPc(Machine.RAM_BASE);
                m.host.ecalls.clear();
                long i0 = m.hart.instructionsRetired();
                long t0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                RunExit e;
                do {
                    e = m.hart.run(50_000_000);
                } while (e == RunExit.BUDGET_EXHAUSTED);
                long ns = System.nanoTime() - t0;
                long cpu = THREADS.getCurrentThreadCpuTime() - c0;
                long n = m.hart.instructionsRetired() - i0;
                assertEquals(RunExit.STOPPED, e);
                // CPU time too: the machine is shared, wall time alone understates the engine
                System.out.printf("LoopBenchmark %s pass %d: %d guest instructions in %.3f s wall = %.0f MIPS;"
                        + " %.3f s thread CPU = %.0f MIPS per CPU-second%n",
                        mode, pass, n, ns / 1e9, n * 1e3 / ns, cpu / 1e9, n * 1e3 / cpu);
            }

            long t0v = 0x1234567, t4v = 0;
            long mulc = 0x9e3779b97f4a7c15L;
            for (int i = 0; i < ITERATIONS; i++) {
                t0v *= mulc;
                t0v ^= t0v >>> 7;
                t4v += t0v;
            }
            assertEquals(t0v, m.x(T0));
            assertEquals(t4v, m.x(T4));
            assertEquals(t0v, m.ld(Machine.RAM_BASE + 0x8000));
        }
    }
}

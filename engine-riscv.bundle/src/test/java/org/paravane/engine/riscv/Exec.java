package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.paravane.api.engine.RunExit;

/** One-liners for instruction tests: run a few instructions, then the closing ecall stops. */
final class Exec {
    private Exec() {
    }

    /** Runs {@code insn} (destination a0) with a1 = {@code a}, a2 = {@code b}; returns a0. */
    static long alu(int insn, long a, long b) {
        try (Machine m = new Machine()) {
            m.set(Asm.A1, a).set(Asm.A2, b).set(Asm.A0, 0x5555);
            m.program(insn);
            assertEquals(RunExit.STOPPED, m.run(), "program must reach its closing ecall");
            return m.x(Asm.A0);
        }
    }

    /** Runs 16-bit instructions followed by a 32-bit ecall; registers preset by {@code init}. */
    static Machine compressed(long[] init, int... insns) {
        Machine m = new Machine();
        for (int i = 1; i < init.length; i++) {
            m.set(i, init[i]);
        }
        Asm a = new Asm(Machine.RAM_BASE);
        for (int c : insns) {
            a.i16(c);
        }
        a.emit(Asm.ECALL);
        m.load(a, Machine.RAM_BASE);
        assertEquals(RunExit.STOPPED, m.run());
        return m;
    }
}

package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/** The C extension: encodings (checked against GNU as) and execution of every RV64C instruction. */
class CompressedTest {
    static final long B = Machine.RAM_BASE;

    /**
     * Known answers produced with GNU as 2.40 (riscv64-unknown-elf-as -march=rv64imac): they
     * pin the test assembler, so the execution tests below feed the decoder real encodings.
     */
    @Test
    void testAssemblerMatchesGnuAs() {
        assertEquals(0x1fe8, cAddi4spn(A0, 1020));
        assertEquals(0x5e6c, cLw(A1, A2, 124));
        assertEquals(0x7f74, cLd(A3, A4, 248));
        assertEquals(0xc03c, cSw(A5, S0, 64));
        assertEquals(0xe144, cSd(S1, A0, 128));
        assertEquals(0x0001, cNop());
        assertEquals(0x1501, cAddi(A0, -32));
        assertEquals(0x25fd, cAddiw(A1, 31));
        assertEquals(0x52fd, cLi(T0, -1));
        assertEquals(0x7101, cAddi16sp(-512));
        assertEquals(0x617d, cAddi16sp(496));
        assertEquals(0x7305, cLui(T1, 0xfffe1000));
        assertEquals(0x637d, cLui(T1, 0x1f000));
        assertEquals(0x917d, cSrli(A0, 63));
        assertEquals(0x8585, cSrai(A1, 1));
        assertEquals(0x9a65, cAndi(A2, -7));
        assertEquals(0x8e99, cSub(A3, A4));
        assertEquals(0x8fa1, cXor(A5, S0));
        assertEquals(0x8cc9, cOr(S1, A0));
        assertEquals(0x8df1, cAnd(A1, A2));
        assertEquals(0x9e99, cSubw(A3, A4));
        assertEquals(0x9fa5, cAddw(A5, S1));
        assertEquals(0xb009, cJ(-2046));
        assertEquals(0xbdfd, cJ(-258));
        assertEquals(0xc109, cBeqz(A0, 2));
        assertEquals(0xd201, cBeqz(A2, -256));
        assertEquals(0xeced, cBnez(S1, 250));
        assertEquals(0x1f82, cSlli(T6, 32));
        assertEquals(0x50fe, cLwsp(RA, 252));
        assertEquals(0x7dfe, cLdsp(27, 504));
        assertEquals(0x8282, cJr(T0));
        assertEquals(0x857e, cMv(A0, T6));
        assertEquals(0x9002, cEbreak());
        assertEquals(0x9082, cJalr(RA));
        assertEquals(0x9972, cAdd(S2, T3));
        assertEquals(0xdff6, cSwsp(T4, 252));
        assertEquals(0xff8e, cSdsp(GP, 504));
    }

    private static long[] regs() {
        return new long[32];
    }

    @Test
    void arithmeticForms() {
        long[] r = regs();
        r[SP] = 0x1000;
        r[A0] = 10;
        r[A1] = 0x7fffffff;
        r[A2] = 0xf0;
        r[A3] = 100;
        r[A4] = 58;
        r[A5] = 0xff00;
        r[S0] = 0x0ff0;
        r[S1] = 0xf0f0;
        r[T6] = -5;
        try (Machine m = Exec.compressed(r,
                cAddi4spn(S0, 1020), // s0 = sp + 1020
                cAddi(A0, -32), // a0 = -22
                cAddiw(A1, 1), // a1 = sext32(0x80000000)
                cLi(T0, -1),
                cLui(T1, 0xfffe1000), // sign-extended from bit 17
                cSrli(A2, 4),
                cSub(A3, A4),
                cXor(A5, S1),
                cMv(T2, T6),
                cAdd(T2, T2), // -10
                cSlli(T6, 32),
                cNop())) {
            assertEquals(0x1000 + 1020, m.x(S0));
            assertEquals(-22, m.x(A0));
            assertEquals((long) Integer.MIN_VALUE, m.x(A1));
            assertEquals(-1, m.x(T0));
            assertEquals(0xfffffffffffe1000L, m.x(T1));
            assertEquals(0xf, m.x(A2));
            assertEquals(42, m.x(A3));
            assertEquals(0xff00L ^ 0xf0f0L, m.x(A5));
            assertEquals(-10, m.x(T2));
            assertEquals(-5L << 32, m.x(T6));
        }
    }

    @Test
    void moreArithmeticForms() {
        long[] r = regs();
        r[SP] = 0x10000;
        r[A0] = -256;
        r[A1] = 0xff;
        r[A2] = 0x0f;
        r[A3] = 0x100000005L;
        r[A4] = 3;
        r[A5] = 0x7fffffff;
        r[S1] = 1;
        r[S0] = 0x33;
        try (Machine m = Exec.compressed(r,
                cSrai(A0, 4), // -16
                cAndi(A1, -7), // 0xff & ~6
                cOr(A2, S0),
                cAnd(S0, A2), // s0 = 0x33 & 0x3f
                cSubw(A3, A4), // 32-bit: 5 - 3
                cAddw(A5, S1), // overflow -> MIN_INT
                cAddi16sp(-512),
                cLui(T1, 0x1f000))) {
            assertEquals(-16, m.x(A0));
            assertEquals(0xffL & -7L, m.x(A1));
            assertEquals(0x3f, m.x(A2));
            assertEquals(0x33, m.x(S0));
            assertEquals(2, m.x(A3));
            assertEquals((long) Integer.MIN_VALUE, m.x(A5));
            assertEquals(0x10000 - 512, m.x(SP));
            assertEquals(0x1f000, m.x(T1));
        }
    }

    @Test
    void loadsAndStores() {
        long[] r = regs();
        long d = B + 0x4000;
        r[SP] = d;
        r[S0] = d + 0x100;
        r[A0] = 0xfedcba9876543210L;
        r[A1] = 0x80000001L;
        try (Machine m = Exec.compressed(r,
                cSd(A0, S0, 248),
                cSw(A1, S0, 124),
                cLd(A2, S0, 248),
                cLw(A3, S0, 124), // sign-extends
                cSdsp(A0, 504),
                cSwsp(A1, 252),
                cLdsp(T0, 504),
                cLwsp(T1, 252))) {
            assertEquals(0xfedcba9876543210L, m.ld(d + 0x100 + 248));
            assertEquals(0x80000001, m.lw(d + 0x100 + 124));
            assertEquals(0xfedcba9876543210L, m.x(A2));
            assertEquals(0xffffffff80000001L, m.x(A3));
            assertEquals(0xfedcba9876543210L, m.ld(d + 504));
            assertEquals(0xffffffff80000001L, m.x(T1));
            assertEquals(0xfedcba9876543210L, m.x(T0));
        }
    }

    @Test
    void jumpsAndBranches() {
        try (Machine m = new Machine()) {
            Asm a = new Asm(B);
            a.i16(cJ(6)); // 0 -> 6
            a.i16(cLi(A0, 1)); // 2 skipped
            a.i16(cLi(A0, 2)); // 4 skipped
            a.i16(cBeqz(A1, 4)); // 6: a1 == 0 -> 10
            a.i16(cLi(A0, 3)); // 8 skipped
            a.i16(cBnez(A1, 4)); // 10: not taken
            a.i16(cLi(A2, 7)); // 12 executed
            a.i16(cJalr(T0)); // 14: ra = 16, jump to t0 = 20
            a.i16(cNop()); // 16: back here after c.jr
            a.i16(cJ(6)); // 18 -> 24
            a.i16(cJr(RA)); // 20 -> 16
            a.i16(cNop()); // 22
            a.emit(ECALL); // 24
            m.load(a, B);
            m.set(T0, B + 20);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0, m.x(A0));
            assertEquals(7, m.x(A2));
            assertEquals(B + 16, m.x(RA));
            assertEquals(B + 28, m.hart.pc());
        }
    }

    @Test
    void ebreakTrapsWithBreakpointCause() {
        try (Machine m = new Machine()) {
            Asm a = new Asm(B);
            a.i16(cEbreak());
            a.i16(cNop());
            a.emit(ECALL); // 4: handler
            m.load(a, B);
            Traps.setStvec(m, B + 4);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 3, B, B);
        }
    }

    @Test
    void reservedAndFloatingPointEncodingsAreIllegal() {
        int[] illegal = {
            0x0000, // all zeros
            0x0000 | 0b000 << 13, // c.addi4spn with nzuimm 0
            0x2000, // c.fld
            0x8000, // reserved quadrant 0 funct3 100
            0xa000, // c.fsd
            cAddiw(A0, 1) & ~(31 << 7), // c.addiw rd = 0
            0x6101 & ~0x107c, // c.addi16sp with 0
            0x6001 | 3 << 7, // c.lui rd=3 imm 0
            0x9c41 | 1 << 12 | 2 << 5, // c.subw space: funct2 10 reserved
            0x2002, // c.fldsp
            0x4002, // c.lwsp rd = 0
            0x6002, // c.ldsp rd = 0
            0x8002, // c.jr x0
            0xa002, // c.fsdsp
        };
        for (int insn : illegal) {
            try (Machine m = new Machine()) {
                Asm a = new Asm(B);
                a.i16(insn);
                a.i16(cNop());
                a.emit(ECALL);
                m.load(a, B);
                Traps.setStvec(m, B + 4);
                assertEquals(RunExit.STOPPED, m.run(), "insn " + Integer.toHexString(insn));
                Traps.assertTrap(m, 2, B, insn);
            }
        }
    }
}

package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.Exec.alu;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/** RV64I base instructions, from the Unprivileged ISA chapters RV32I and RV64I. */
class Rv64iTest {
    static final long MIN = Long.MIN_VALUE;

    @Test
    void registerImmediateArithmetic() {
        assertEquals(5 + 2047, alu(addi(A0, A1, 2047), 5, 0));
        assertEquals(5 - 2048, alu(addi(A0, A1, -2048), 5, 0));
        assertEquals(MIN, alu(addi(A0, A1, 1), Long.MAX_VALUE, 0)); // wraps
        assertEquals(1, alu(slti(A0, A1, -1), -2, 0));
        assertEquals(0, alu(slti(A0, A1, -1), -1, 0));
        assertEquals(1, alu(sltiu(A0, A1, -1), 5, 0)); // imm sign-extended, then unsigned: 5 < 2^64-1
        assertEquals(0, alu(sltiu(A0, A1, 1), -1, 0));
        assertEquals(1, alu(sltiu(A0, A1, 1), 0, 0)); // seqz
        assertEquals(0xff0L ^ -1L, alu(xori(A0, A1, -1), 0xff0, 0)); // not
        assertEquals(0x12345L | 0x7f0, alu(ori(A0, A1, 0x7f0), 0x12345, 0));
        assertEquals(0xfffffffffffff800L & 0x123456789L, alu(andi(A0, A1, -2048), 0x123456789L, 0));
    }

    @Test
    void shiftsByImmediateUseSixBits() {
        assertEquals(1L << 63, alu(slli(A0, A1, 63), 1, 0));
        assertEquals(1L, alu(srli(A0, A1, 63), MIN, 0));
        assertEquals(-1L, alu(srai(A0, A1, 63), MIN, 0));
        assertEquals(0x0123456789abcdefL >>> 4, alu(srli(A0, A1, 4), 0x0123456789abcdefL, 0));
        assertEquals(0xfedcba9876543210L >> 8, alu(srai(A0, A1, 8), 0xfedcba9876543210L, 0));
    }

    @Test
    void registerRegisterArithmetic() {
        assertEquals(MIN, alu(add(A0, A1, A2), Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE, alu(sub(A0, A1, A2), MIN, 1));
        assertEquals(1, alu(slt(A0, A1, A2), MIN, 0));
        assertEquals(0, alu(sltu(A0, A1, A2), MIN, 0));
        assertEquals(1, alu(sltu(A0, ZERO, A2), 0, 7)); // snez
        assertEquals(0xf0f0L ^ 0xff00L, alu(xor(A0, A1, A2), 0xf0f0, 0xff00));
        assertEquals(0xf0f0L | 0xff00L, alu(or(A0, A1, A2), 0xf0f0, 0xff00));
        assertEquals(0xf0f0L & 0xff00L, alu(and(A0, A1, A2), 0xf0f0, 0xff00));
    }

    @Test
    void registerShiftsUseLowSixBitsOfRs2() {
        assertEquals(2L, alu(sll(A0, A1, A2), 1, 65)); // 65 & 63 = 1
        assertEquals(MIN >>> 3, alu(srl(A0, A1, A2), MIN, 3 + 64));
        assertEquals(MIN >> 3, alu(sra(A0, A1, A2), MIN, 3));
        assertEquals(-1L, alu(sra(A0, A1, A2), -1, 63));
    }

    @Test
    void wordVariantsSignExtendTheirResult() {
        assertEquals((long) Integer.MIN_VALUE, alu(addiw(A0, A1, 1), Integer.MAX_VALUE, 0));
        assertEquals(0x12345678L, alu(addiw(A0, A1, 0), 0xffffffff12345678L, 0)); // sext.w
        assertEquals(-1L, alu(addiw(A0, A1, 0), 0xffffffffL, 0));
        assertEquals((long) (1 << 31), alu(slliw(A0, A1, 31), 1, 0));
        assertEquals(0x7fffffffL, alu(srliw(A0, A1, 1), 0xfffffffffffffffeL, 0));
        assertEquals(1L, alu(srliw(A0, A1, 31), 0x80000000L, 0));
        assertEquals(-1L, alu(sraiw(A0, A1, 31), 0x80000000L, 0));
        assertEquals((long) Integer.MIN_VALUE, alu(addw(A0, A1, A2), 0x7fffffffL, 1));
        assertEquals((long) Integer.MAX_VALUE, alu(subw(A0, A1, A2), 0x80000000L, 1));
        assertEquals(0x80000000L << 32 >> 32, alu(sllw(A0, A1, A2), 1, 31 + 32)); // 5-bit shamt
        assertEquals(0x00ffffffL, alu(srlw(A0, A1, A2), 0xffffffffL, 8));
        assertEquals(-1L, alu(sraw(A0, A1, A2), 0x80000000L, 31));
        assertEquals(0x12345678L, alu(sraw(A0, A1, A2), 0xabcdef0012345678L, 32)); // shift by 0
    }

    @Test
    void luiAndAuipc() {
        assertEquals(0x12345000L, alu(lui(A0, 0x12345000), 0, 0));
        assertEquals(0xffffffff80000000L, alu(lui(A0, 0x80000000), 0, 0)); // sign-extended
        assertEquals(Machine.RAM_BASE + 0x1000, alu(auipc(A0, 0x1000), 0, 0));
        assertEquals(0L, alu(auipc(A0, 0x80000000), 0, 0)); // 0x8000_0000 + sext(0x8000_0000 << 0)
    }

    @Test
    void writesToX0AreDiscarded() {
        try (Machine m = new Machine()) {
            m.program(addi(ZERO, ZERO, 5), lui(ZERO, 0x1000), add(A0, ZERO, ZERO), jal(ZERO, 4));
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0, m.x(ZERO));
            assertEquals(0, m.x(A0));
        }
    }

    @Test
    void jalAndJalrLinkAndJump() {
        try (Machine m = new Machine()) {
            long b = Machine.RAM_BASE;
            // 0: jal ra, +12 ; 4: addi a0,a0,1 (skipped) ; 8: ecall ; 12: jalr a1, ra, 4 (-> 8)
            Asm a = new Asm(b);
            a.emit(jal(RA, 12), addi(A0, A0, 1), ECALL, jalr(A1, RA, 4 + 1)); // +1: bit 0 is cleared
            m.load(a, b);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(b + 4, m.x(RA));
            assertEquals(b + 16, m.x(A1));
            assertEquals(0, m.x(A0));
            assertEquals(b + 12, m.host.ecalls.get(0)[2]); // pc after the ecall at +8
        }
    }

    @Test
    void jalrWithRdEqualRs1UsesTheOldValue() {
        try (Machine m = new Machine()) {
            long b = Machine.RAM_BASE;
            m.set(T0, b + 8);
            m.program(jalr(T0, T0, 0), addi(A0, A0, 1));
            // jumps to b+8: the ecall
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(b + 4, m.x(T0));
            assertEquals(0, m.x(A0));
        }
    }

    @Test
    void branchesTakenAndNotTaken() {
        long[][] cases = { // a, b, expected mask of taken: beq bne blt bge bltu bgeu
            {1, 1, 0b100101}, {1, 2, 0b011010}, {-1, 1, 0b000110 | 0b000000}, {MIN, Long.MAX_VALUE, 0b0}
        };
        for (long[] c : cases) {
            long a = c[0], b = c[1];
            int expected = (a == b ? 32 : 0) | (a != b ? 16 : 0) | (a < b ? 8 : 0) | (a >= b ? 4 : 0)
                    | (Long.compareUnsigned(a, b) < 0 ? 2 : 0) | (Long.compareUnsigned(a, b) >= 0 ? 1 : 0);
            int[] ops = {beq(A1, A2, 8), bne(A1, A2, 8), blt(A1, A2, 8), bge(A1, A2, 8), bltu(A1, A2, 8), bgeu(A1, A2, 8)};
            int got = 0;
            for (int i = 0; i < ops.length; i++) {
                // taken: skip the addi; not taken: a0 = 1
                long r = alu0(ops[i], a, b);
                if (r == 0) {
                    got |= 32 >> i;
                }
            }
            assertEquals(expected, got, "branches for " + a + ", " + b);
        }
    }

    private static long alu0(int branch, long a, long b) {
        try (Machine m = new Machine()) {
            m.set(A1, a).set(A2, b);
            m.program(branch, addi(A0, ZERO, 1));
            assertEquals(RunExit.STOPPED, m.run());
            return m.x(A0);
        }
    }

    @Test
    void backwardBranchLoops() {
        try (Machine m = new Machine()) {
            m.set(A1, 10);
            m.program(addi(A0, A0, 3), addi(A1, A1, -1), bne(A1, ZERO, -8));
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(30, m.x(A0));
            assertEquals(3 * 10 + 1, m.hart.instructionsRetired());
        }
    }

    @Test
    void loadsSignOrZeroExtend() {
        try (Machine m = new Machine()) {
            long d = Machine.RAM_BASE + 0x800;
            m.sd(d, 0x8081828384858687L);
            m.set(A1, d);
            m.program(lb(T0, A1, 0), lbu(T1, A1, 0), lh(T2, A1, 0), lhu(T3, A1, 0), lw(T4, A1, 0),
                    lwu(T5, A1, 0), ld(T6, A1, 0), lb(S0, A1, 7), lw(S1, A1, 4));
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals((byte) 0x87, m.x(T0));
            assertEquals(0x87, m.x(T1));
            assertEquals((short) 0x8687, m.x(T2));
            assertEquals(0x8687, m.x(T3));
            assertEquals(0x84858687L << 32 >> 32, m.x(T4));
            assertEquals(0x84858687L, m.x(T5));
            assertEquals(0x8081828384858687L, m.x(T6));
            assertEquals((byte) 0x80, m.x(S0));
            assertEquals(0x80818283L << 32 >> 32, m.x(S1));
        }
    }

    @Test
    void storesWriteOnlyTheirWidth() {
        try (Machine m = new Machine()) {
            long d = Machine.RAM_BASE + 0x800;
            m.set(A1, d).set(A2, 0x1122334455667788L);
            m.program(sd(A2, A1, 0), sb(ZERO, A1, 0), sh(ZERO, A1, 2), sw(ZERO, A1, 8), sw(A2, A1, -4),
                    sd(A2, A1, 16), sb(A2, A1, 23));
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0x1122334400007700L, m.ld(d));
            assertEquals(0x55667788, m.lw(d - 4));
            assertEquals(0x8822334455667788L, m.ld(d + 16));
        }
    }

    @Test
    void fenceIsANoOpForASingleHart() {
        assertEquals(0x5555, alu(fence(), 0, 0)); // a0 untouched, execution continues
    }
}

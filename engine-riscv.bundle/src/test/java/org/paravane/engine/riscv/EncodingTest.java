package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.CsrTest.withHandler;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * Reserved and hint encodings of RV64IMAC + Zicsr + Zifencei (Unprivileged ISA, opcode map
 * and "HINT Instructions"; RVC quadrant tables): every reserved funct3/funct7/funct5 slot of
 * the opcodes the hart implements, the opcodes it does not implement, and the instructions
 * whose unused fields must be ignored (FENCE, FENCE.I, hints) run without effect.
 */
class EncodingTest {
    static final long B = Machine.RAM_BASE;

    private static void assertIllegal32(int bits) {
        try (Machine m = withHandler(bits)) {
            assertEquals(RunExit.STOPPED, m.run(), Integer.toHexString(bits));
            Traps.assertTrap(m, 2, B, bits & 0xffffffffL);
        }
    }

    @Test
    void reservedSlotsOfImplementedOpcodesAreIllegal() {
        int[] bad = {
            iType(0, A1, 1, A0, 0x67), iType(0, A1, 4, A0, 0x67), // JALR funct3 != 0
            bType(8, A2, A1, 2, 0x63), bType(8, A2, A1, 3, 0x63), // BRANCH funct3 2, 3
            sType(0, A2, A1, 4, 0x23), sType(0, A2, A1, 5, 0x23), sType(0, A2, A1, 6, 0x23),
            sType(0, A2, A1, 7, 0x23), // STORE funct3 4..7 (no SQ)
            iType(0x400 | 3, A1, 1, A0, 0x13), // SLLI with imm[11:6] = 010000
            iType(0x800 | 1, A1, 1, A0, 0x13), // SLLI with imm[11] set
            iType(0x200 | 3, A1, 5, A0, 0x13), // SRLI/SRAI funct6 001000
            iType(32, A1, 1, A0, 0x1b), iType(32 | 1, A1, 5, A0, 0x1b), iType(0x400 | 32, A1, 5, A0, 0x1b),
            // SLLIW/SRLIW/SRAIW with shamt[5] = 1 are reserved in RV64
            iType(0x400 | 3, A1, 1, A0, 0x1b), // SLLIW funct7 0100000
            iType(0, A1, 2, A0, 0x1b), iType(0, A1, 3, A0, 0x1b), iType(0, A1, 4, A0, 0x1b),
            iType(0, A1, 6, A0, 0x1b), iType(0, A1, 7, A0, 0x1b), // OP-IMM-32 funct3 without instruction
            rType(0x20, A2, A1, 1, A0, 0x33), rType(0x20, A2, A1, 2, A0, 0x33), rType(0x20, A2, A1, 3, A0, 0x33),
            rType(0x20, A2, A1, 4, A0, 0x33), rType(0x20, A2, A1, 6, A0, 0x33), rType(0x20, A2, A1, 7, A0, 0x33),
            rType(0x02, A2, A1, 0, A0, 0x33), rType(0x40, A2, A1, 0, A0, 0x33), // OP funct7 other than 0, 1, 0x20
            rType(0, A2, A1, 2, A0, 0x3b), rType(0, A2, A1, 3, A0, 0x3b), rType(0, A2, A1, 4, A0, 0x3b),
            rType(0, A2, A1, 6, A0, 0x3b), rType(0, A2, A1, 7, A0, 0x3b), rType(1, A2, A1, 1, A0, 0x3b),
            rType(1, A2, A1, 2, A0, 0x3b), rType(1, A2, A1, 3, A0, 0x3b), rType(0x20, A2, A1, 1, A0, 0x3b),
            rType(0x20, A2, A1, 7, A0, 0x3b), // OP-32 reserved slots (no MULHW etc. in RV64M)
            amo(AMOADD, true, A0, A1, A2) & ~(7 << 12), amo(AMOADD, true, A0, A1, A2) & ~(7 << 12) | 1 << 12,
            amo(AMOADD, true, A0, A1, A2) & ~(7 << 12) | 4 << 12, // AMO widths other than W and D
            amo(0x05, true, A0, A1, A2), amo(0x1f, false, A0, A1, A2), amo(0x06, true, A0, A1, A2), // funct5
            lrW(A0, A1) | A2 << 20, // LR with rs2 != 0
            0x0000200f, 0x0000300f, 0x0000700f, // MISC-MEM funct3 2..7
            0x30200073, 0x00200073, 0x7b200073, // MRET, URET, DRET
            0x00000473, 0x00100573, // ECALL/EBREAK with rd != 0
            0x12000473, // SFENCE.VMA with rd != 0
            0x22000073, // HFENCE.VVMA (no H extension)
            0x10500173, // WFI with rd != 0
            0x00004073, 0x00504073, // SYSTEM funct3 4 (HLV/HSV space)
        };
        for (int bits : bad) {
            assertIllegal32(bits);
        }
    }

    @Test
    void opcodesOfExtensionsTheHartLacksAreIllegal() {
        // LOAD-FP, STORE-FP, MADD, MSUB, NMSUB, NMADD, OP-FP, OP-V, custom-0..3, 48- and 64-bit prefixes
        for (int opcode : new int[] {0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53, 0x57, 0x0b, 0x2b, 0x5b, 0x7b, 0x1f, 0x3f,
            0x77}) {
            assertIllegal32(rType(0, A2, A1, 2, A0, opcode));
        }
    }

    /** Instructions whose unused fields the spec says to ignore, and hints: they run and change nothing. */
    @Test
    void fenceVariantsAndHintsRunWithoutEffect() {
        int[] noEffect = {
            0x8330000f, // FENCE.TSO
            0x0100000f, // PAUSE (a FENCE hint)
            0x0ff5000f | 0x5 << 7, // FENCE with rs1 and rd fields set (reserved: ignored)
            0x0000100f | A1 << 15 | A2 << 7 | 0x123 << 20, // FENCE.I with funct12, rs1, rd set (ignored)
            addi(ZERO, A1, 5), lui(ZERO, 0x12345000), auipc(ZERO, 0x1000), add(ZERO, A1, A2), // rd = x0
            slli(ZERO, A1, 3), sltu(ZERO, A1, A2), mul(ZERO, A1, A2), div(ZERO, A1, ZERO),
            sfenceVma(A1, A2), // with rs1/rs2: flushing all is a legal implementation
        };
        try (Machine m = withHandler(noEffect)) {
            m.set(A1, 0x1234).set(A2, 0x55);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.host.ecalls.size());
            assertEquals(B + 4L * noEffect.length + 4, m.host.ecalls.get(0)[2], "ran through to the closing ecall");
            for (int r = 1; r < 32; r++) {
                assertEquals(r == A1 ? 0x1234 : r == A2 ? 0x55 : 0, m.x(r), "x" + r);
            }
        }
    }

    @Test
    void compressedHintsRunWithoutEffect() {
        int[] hints = {
            cNop() | 1 << 2, // C.NOP with nzimm != 0
            cAddi(A1, 0), // C.ADDI with imm 0
            cLi(ZERO, 5), cLui(ZERO, 0x1000), cMv(ZERO, A1), cAdd(ZERO, A1), cSlli(ZERO, 3), cSlli(A1, 0),
            cSrli(9, 0), // C.SRLI with shamt 0 on s1 (x9)
            cSrai(9, 0),
        };
        Machine m = Exec.compressed(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0x77, 0, 0x1234}, hints);
        try (m) {
            assertEquals(B + 2L * hints.length + 4, m.host.ecalls.get(0)[2]);
            for (int r = 1; r < 32; r++) {
                assertEquals(r == A1 ? 0x1234 : r == 9 ? 0x77 : 0, m.x(r), "x" + r);
            }
        }
    }

    /** A reserved 16-bit encoding reports exactly its 16 bits in stval (Privileged ISA, stval). */
    @Test
    void reservedCompressedEncodingsReportTheirSixteenBits() {
        int[] reserved = {
            0x0000, // all zeros: C.ADDI4SPN with nzuimm 0, defined illegal
            0x8000, // Q0 funct3 4: reserved
            0x2000 | 1 << 7, // C.FLD (no FPU)
            0xa000, // C.FSD
            0x2001, // C.ADDIW with rd = 0: reserved
            0x6101, // C.ADDI16SP with nzimm 0: reserved
            0x6081, // C.LUI x1 with nzimm 0: reserved
            0x6001, // C.LUI x0 with nzimm 0: reserved
            0x9c41, 0x9c61, // C.SUBW-space funct2 2, 3 with bit 12 set: reserved
            0x4002, // C.LWSP with rd = 0: reserved
            0x6002, // C.LDSP with rd = 0: reserved
            0x8002, // C.JR with rs1 = 0: reserved
            0x2002, 0xa002, // C.FLDSP, C.FSDSP
        };
        for (int bits : reserved) {
            try (Machine m = new Machine()) {
                Asm a = new Asm(B);
                a.i16(bits).i16(0);
                m.load(a, B);
                Asm h = new Asm(CsrTest.HANDLER);
                h.emit(ECALL);
                m.load(h, CsrTest.HANDLER);
                Traps.setStvec(m, CsrTest.HANDLER);
                assertEquals(RunExit.STOPPED, m.run(), Integer.toHexString(bits));
                Traps.assertTrap(m, 2, B, bits);
            }
        }
    }
}

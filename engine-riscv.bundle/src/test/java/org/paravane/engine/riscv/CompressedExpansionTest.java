package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.paravane.engine.riscv.Asm.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every RVC instruction decodes exactly like the 32-bit instruction it expands to (the C
 * extension's expansion table), over random operands and immediates of each form.
 */
class CompressedExpansionTest {

    private static int[] decode16(int c) {
        int[] out = new int[Block.STRIDE];
        Decoder.decode16(c & 0xffff, 0x100, out, 0);
        return out;
    }

    private static int[] decode32(int insn) {
        int[] out = new int[Block.STRIDE];
        Decoder.decode32(insn, 0x100, out, 0);
        return out;
    }

    private static void same(int c, int expansion) {
        assertArrayEquals(decode32(expansion), decode16(c),
                "c=" + Integer.toHexString(c) + " expands to " + Integer.toHexString(expansion));
    }

    /** A random multiple of {@code scale} in [lo, hi], optionally excluding zero. */
    private static int pick(Random r, int lo, int hi, int scale, boolean nonZero) {
        while (true) {
            int v = (lo / scale + r.nextInt(hi / scale - lo / scale + 1)) * scale;
            if (!nonZero || v != 0) {
                return v;
            }
        }
    }

    @Test
    void everyFormMatchesItsExpansion() {
        Random r = new Random(7);
        for (int n = 0; n < 400; n++) {
            int rp = 8 + r.nextInt(8);
            int rq = 8 + r.nextInt(8);
            int rd = 1 + r.nextInt(31);
            int rs = 1 + r.nextInt(31);
            int nzrd = rd == 2 ? 3 : rd; // C.LUI with rd = 2 is C.ADDI16SP
            int imm6 = pick(r, -32, 31, 1, false);
            int nz6 = pick(r, -32, 31, 1, true);
            int sh = pick(r, 1, 63, 1, true);
            int lui = pick(r, -32, 31, 1, true) << 12;

            int u = pick(r, 4, 1020, 4, true);
            same(cAddi4spn(rp, u), addi(rp, SP, u));
            int w = pick(r, 0, 124, 4, false);
            same(cLw(rp, rq, w), lw(rp, rq, w));
            same(cSw(rp, rq, w), sw(rp, rq, w));
            int d = pick(r, 0, 248, 8, false);
            same(cLd(rp, rq, d), ld(rp, rq, d));
            same(cSd(rp, rq, d), sd(rp, rq, d));
            same(cAddi(rd, imm6), addi(rd, rd, imm6));
            same(cAddiw(rd, imm6), addiw(rd, rd, imm6));
            same(cLi(rd, imm6), addi(rd, ZERO, imm6));
            int sp16 = pick(r, -512, 496, 16, true);
            same(cAddi16sp(sp16), addi(SP, SP, sp16));
            same(cLui(nzrd, lui), lui(nzrd, lui));
            same(cSrli(rp, sh), srli(rp, rp, sh));
            same(cSrai(rp, sh), srai(rp, rp, sh));
            same(cAndi(rp, imm6), andi(rp, rp, imm6));
            same(cSub(rp, rq), sub(rp, rp, rq));
            same(cXor(rp, rq), xor(rp, rp, rq));
            same(cOr(rp, rq), or(rp, rp, rq));
            same(cAnd(rp, rq), and(rp, rp, rq));
            same(cSubw(rp, rq), subw(rp, rp, rq));
            same(cAddw(rp, rq), addw(rp, rp, rq));
            int j = pick(r, -2048, 2046, 2, false);
            same(cJ(j), jal(ZERO, j));
            int br = pick(r, -256, 254, 2, false);
            same(cBeqz(rp, br), beq(rp, ZERO, br));
            same(cBnez(rp, br), bne(rp, ZERO, br));
            same(cSlli(rd, sh), slli(rd, rd, sh));
            int lwsp = pick(r, 0, 252, 4, false);
            same(cLwsp(rd, lwsp), lw(rd, SP, lwsp));
            same(cSwsp(rs, lwsp), sw(rs, SP, lwsp));
            int ldsp = pick(r, 0, 504, 8, false);
            same(cLdsp(rd, ldsp), ld(rd, SP, ldsp));
            same(cSdsp(rs, ldsp), sd(rs, SP, ldsp));
            same(cJr(rd), jalr(ZERO, rd, 0));
            same(cJalr(rd), jalr(RA, rd, 0));
            same(cMv(rd, rs), add(rd, ZERO, rs));
            same(cAdd(rd, rs), add(rd, rd, rs));
            same(cEbreak(), EBREAK);
            same(cNop(), addi(ZERO, ZERO, 0));
        }
    }
}

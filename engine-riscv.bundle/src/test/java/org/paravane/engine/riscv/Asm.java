package org.paravane.engine.riscv;

import java.io.ByteArrayOutputStream;

/**
 * A tiny RISC-V assembler for tests: encoders for the base formats (R/I/S/B/U/J) and the
 * compressed formats (CR/CI/CSS/CIW/CL/CS/CA/CB/CJ), written from the format tables of
 * the Unprivileged ISA, plus a program buffer. Branch/jump offsets are byte offsets
 * relative to the instruction.
 */
final class Asm {
    // ABI register numbers
    static final int ZERO = 0, RA = 1, SP = 2, GP = 3, TP = 4, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9,
            A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17, S2 = 18, S3 = 19,
            S11 = 27, T3 = 28, T4 = 29, T5 = 30, T6 = 31;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long origin;

    Asm(long origin) {
        this.origin = origin;
    }

    /** Address of the next instruction. */
    long here() {
        return origin + out.size();
    }

    Asm i32(int insn) {
        for (int k = 0; k < 4; k++) {
            out.write(insn >>> (8 * k));
        }
        return this;
    }

    Asm i16(int insn) {
        out.write(insn);
        out.write(insn >>> 8);
        return this;
    }

    /** Appends 32-bit instructions. */
    Asm emit(int... insns) {
        for (int v : insns) {
            i32(v);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- base formats
    private static int bits(long v, int hi, int lo) {
        return (int) ((v >>> lo) & ((1L << (hi - lo + 1)) - 1));
    }

    static int rType(int f7, int rs2, int rs1, int f3, int rd, int opc) {
        return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    static int iType(int imm, int rs1, int f3, int rd, int opc) {
        return bits(imm, 11, 0) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    static int sType(int imm, int rs2, int rs1, int f3, int opc) {
        return bits(imm, 11, 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | bits(imm, 4, 0) << 7 | opc;
    }

    static int bType(int imm, int rs2, int rs1, int f3, int opc) {
        return bits(imm, 12, 12) << 31 | bits(imm, 10, 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
                | bits(imm, 4, 1) << 8 | bits(imm, 11, 11) << 7 | opc;
    }

    static int uType(int imm, int rd, int opc) {
        return (imm & 0xfffff000) | rd << 7 | opc;
    }

    static int jType(int imm, int rd, int opc) {
        return bits(imm, 20, 20) << 31 | bits(imm, 10, 1) << 21 | bits(imm, 11, 11) << 20
                | bits(imm, 19, 12) << 12 | rd << 7 | opc;
    }

    // ---------------------------------------------------------------- RV64I
    static int lui(int rd, int imm) { return uType(imm, rd, 0x37); }
    static int auipc(int rd, int imm) { return uType(imm, rd, 0x17); }
    static int jal(int rd, int off) { return jType(off, rd, 0x6f); }
    static int jalr(int rd, int rs1, int imm) { return iType(imm, rs1, 0, rd, 0x67); }
    static int beq(int rs1, int rs2, int off) { return bType(off, rs2, rs1, 0, 0x63); }
    static int bne(int rs1, int rs2, int off) { return bType(off, rs2, rs1, 1, 0x63); }
    static int blt(int rs1, int rs2, int off) { return bType(off, rs2, rs1, 4, 0x63); }
    static int bge(int rs1, int rs2, int off) { return bType(off, rs2, rs1, 5, 0x63); }
    static int bltu(int rs1, int rs2, int off) { return bType(off, rs2, rs1, 6, 0x63); }
    static int bgeu(int rs1, int rs2, int off) { return bType(off, rs2, rs1, 7, 0x63); }
    static int lb(int rd, int rs1, int imm) { return iType(imm, rs1, 0, rd, 0x03); }
    static int lh(int rd, int rs1, int imm) { return iType(imm, rs1, 1, rd, 0x03); }
    static int lw(int rd, int rs1, int imm) { return iType(imm, rs1, 2, rd, 0x03); }
    static int ld(int rd, int rs1, int imm) { return iType(imm, rs1, 3, rd, 0x03); }
    static int lbu(int rd, int rs1, int imm) { return iType(imm, rs1, 4, rd, 0x03); }
    static int lhu(int rd, int rs1, int imm) { return iType(imm, rs1, 5, rd, 0x03); }
    static int lwu(int rd, int rs1, int imm) { return iType(imm, rs1, 6, rd, 0x03); }
    static int sb(int rs2, int rs1, int imm) { return sType(imm, rs2, rs1, 0, 0x23); }
    static int sh(int rs2, int rs1, int imm) { return sType(imm, rs2, rs1, 1, 0x23); }
    static int sw(int rs2, int rs1, int imm) { return sType(imm, rs2, rs1, 2, 0x23); }
    static int sd(int rs2, int rs1, int imm) { return sType(imm, rs2, rs1, 3, 0x23); }
    static int addi(int rd, int rs1, int imm) { return iType(imm, rs1, 0, rd, 0x13); }
    static int slti(int rd, int rs1, int imm) { return iType(imm, rs1, 2, rd, 0x13); }
    static int sltiu(int rd, int rs1, int imm) { return iType(imm, rs1, 3, rd, 0x13); }
    static int xori(int rd, int rs1, int imm) { return iType(imm, rs1, 4, rd, 0x13); }
    static int ori(int rd, int rs1, int imm) { return iType(imm, rs1, 6, rd, 0x13); }
    static int andi(int rd, int rs1, int imm) { return iType(imm, rs1, 7, rd, 0x13); }
    static int slli(int rd, int rs1, int sh) { return iType(sh, rs1, 1, rd, 0x13); }
    static int srli(int rd, int rs1, int sh) { return iType(sh, rs1, 5, rd, 0x13); }
    static int srai(int rd, int rs1, int sh) { return iType(0x400 | sh, rs1, 5, rd, 0x13); }
    static int addiw(int rd, int rs1, int imm) { return iType(imm, rs1, 0, rd, 0x1b); }
    static int slliw(int rd, int rs1, int sh) { return iType(sh, rs1, 1, rd, 0x1b); }
    static int srliw(int rd, int rs1, int sh) { return iType(sh, rs1, 5, rd, 0x1b); }
    static int sraiw(int rd, int rs1, int sh) { return iType(0x400 | sh, rs1, 5, rd, 0x1b); }
    static int add(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 0, rd, 0x33); }
    static int sub(int rd, int rs1, int rs2) { return rType(0x20, rs2, rs1, 0, rd, 0x33); }
    static int sll(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 1, rd, 0x33); }
    static int slt(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 2, rd, 0x33); }
    static int sltu(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 3, rd, 0x33); }
    static int xor(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 4, rd, 0x33); }
    static int srl(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 5, rd, 0x33); }
    static int sra(int rd, int rs1, int rs2) { return rType(0x20, rs2, rs1, 5, rd, 0x33); }
    static int or(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 6, rd, 0x33); }
    static int and(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 7, rd, 0x33); }
    static int addw(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 0, rd, 0x3b); }
    static int subw(int rd, int rs1, int rs2) { return rType(0x20, rs2, rs1, 0, rd, 0x3b); }
    static int sllw(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 1, rd, 0x3b); }
    static int srlw(int rd, int rs1, int rs2) { return rType(0, rs2, rs1, 5, rd, 0x3b); }
    static int sraw(int rd, int rs1, int rs2) { return rType(0x20, rs2, rs1, 5, rd, 0x3b); }
    // ---------------------------------------------------------------- M
    static int mul(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 0, rd, 0x33); }
    static int mulh(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 1, rd, 0x33); }
    static int mulhsu(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 2, rd, 0x33); }
    static int mulhu(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 3, rd, 0x33); }
    static int div(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 4, rd, 0x33); }
    static int divu(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 5, rd, 0x33); }
    static int rem(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 6, rd, 0x33); }
    static int remu(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 7, rd, 0x33); }
    static int mulw(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 0, rd, 0x3b); }
    static int divw(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 4, rd, 0x3b); }
    static int divuw(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 5, rd, 0x3b); }
    static int remw(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 6, rd, 0x3b); }
    static int remuw(int rd, int rs1, int rs2) { return rType(1, rs2, rs1, 7, rd, 0x3b); }
    // ---------------------------------------------------------------- A (aq/rl bits clear)
    static int amo(int f5, boolean dbl, int rd, int rs1, int rs2) {
        return rType(f5 << 2, rs2, rs1, dbl ? 3 : 2, rd, 0x2f);
    }
    static int lrW(int rd, int rs1) { return amo(0x02, false, rd, rs1, 0); }
    static int lrD(int rd, int rs1) { return amo(0x02, true, rd, rs1, 0); }
    static int scW(int rd, int rs1, int rs2) { return amo(0x03, false, rd, rs1, rs2); }
    static int scD(int rd, int rs1, int rs2) { return amo(0x03, true, rd, rs1, rs2); }
    static final int AMOADD = 0x00, AMOSWAP = 0x01, AMOXOR = 0x04, AMOOR = 0x08, AMOAND = 0x0c, AMOMIN = 0x10,
            AMOMAX = 0x14, AMOMINU = 0x18, AMOMAXU = 0x1c;
    // ---------------------------------------------------------------- system
    static int fence() { return 0x0ff0000f; }
    static int fenceI() { return 0x0000100f; }
    static final int ECALL = 0x00000073, EBREAK = 0x00100073, SRET = 0x10200073, WFI = 0x10500073,
            MRET = 0x30200073;
    static int sfenceVma(int rs1, int rs2) { return rType(0x09, rs2, rs1, 0, 0, 0x73); }
    static int csrrw(int rd, int csr, int rs1) { return iType(csr, rs1, 1, rd, 0x73); }
    static int csrrs(int rd, int csr, int rs1) { return iType(csr, rs1, 2, rd, 0x73); }
    static int csrrc(int rd, int csr, int rs1) { return iType(csr, rs1, 3, rd, 0x73); }
    static int csrrwi(int rd, int csr, int uimm) { return iType(csr, uimm, 5, rd, 0x73); }
    static int csrrsi(int rd, int csr, int uimm) { return iType(csr, uimm, 6, rd, 0x73); }
    static int csrrci(int rd, int csr, int uimm) { return iType(csr, uimm, 7, rd, 0x73); }

    /** li: loads any 64-bit constant (lui/addi(w)/slli sequence), appended to this program. */
    Asm li(int rd, long v) {
        if (v == (int) v) {
            int lo = (int) v << 20 >> 20;
            int hi = (int) v - lo;
            if (hi != 0) {
                i32(lui(rd, hi));
                if (lo != 0) {
                    i32(addiw(rd, rd, lo));
                }
            } else {
                i32(addi(rd, 0, lo));
            }
            return this;
        }
        // upper 32 bits first, then shift in the low 32 bits as 11 + 11 + 10-bit chunks (ori with a
        // positive 12-bit immediate never sign-extends)
        li(rd, v >> 32);
        int low = (int) v;
        i32(slli(rd, rd, 11));
        i32(ori(rd, rd, (low >>> 21) & 0x7ff));
        i32(slli(rd, rd, 11));
        i32(ori(rd, rd, (low >>> 10) & 0x7ff));
        i32(slli(rd, rd, 10));
        i32(ori(rd, rd, low & 0x3ff));
        return this;
    }

    // ---------------------------------------------------------------- compressed formats
    static int cr(int f4, int rd, int rs2, int op) { return f4 << 12 | rd << 7 | rs2 << 2 | op; }
    static int ci(int f3, int imm12, int rd, int imm62, int op) { return f3 << 13 | imm12 << 12 | rd << 7 | imm62 << 2 | op; }
    static int css(int f3, int imm127, int rs2, int op) { return f3 << 13 | imm127 << 7 | rs2 << 2 | op; }
    static int ciw(int f3, int imm125, int rdp, int op) { return f3 << 13 | imm125 << 5 | (rdp - 8) << 2 | op; }
    static int cl(int f3, int imm1210, int rs1p, int imm65, int rdp, int op) {
        return f3 << 13 | imm1210 << 10 | (rs1p - 8) << 7 | imm65 << 5 | (rdp - 8) << 2 | op;
    }
    static int ca(int f6, int rdp, int f2, int rs2p, int op) { return f6 << 10 | (rdp - 8) << 7 | f2 << 5 | (rs2p - 8) << 2 | op; }
    static int cb(int f3, int off1210, int rs1p, int off62, int op) { return f3 << 13 | off1210 << 10 | (rs1p - 8) << 7 | off62 << 2 | op; }
    static int cj(int f3, int target, int op) { return f3 << 13 | target << 2 | op; }

    // Each immediate is scattered exactly as drawn in the C extension's instruction listings.
    static int cAddi4spn(int rdp, int nzuimm) {
        int f = bits(nzuimm, 5, 4) << 6 | bits(nzuimm, 9, 6) << 2 | bits(nzuimm, 2, 2) << 1 | bits(nzuimm, 3, 3);
        return ciw(0, f, rdp, 0);
    }
    static int cLw(int rdp, int rs1p, int uimm) {
        return cl(2, bits(uimm, 5, 3), rs1p, bits(uimm, 2, 2) << 1 | bits(uimm, 6, 6), rdp, 0);
    }
    static int cLd(int rdp, int rs1p, int uimm) { return cl(3, bits(uimm, 5, 3), rs1p, bits(uimm, 7, 6), rdp, 0); }
    static int cSw(int rs2p, int rs1p, int uimm) {
        return cl(6, bits(uimm, 5, 3), rs1p, bits(uimm, 2, 2) << 1 | bits(uimm, 6, 6), rs2p, 0);
    }
    static int cSd(int rs2p, int rs1p, int uimm) { return cl(7, bits(uimm, 5, 3), rs1p, bits(uimm, 7, 6), rs2p, 0); }
    static int cNop() { return ci(0, 0, 0, 0, 1); }
    static int cAddi(int rd, int imm) { return ci(0, bits(imm, 5, 5), rd, bits(imm, 4, 0), 1); }
    static int cAddiw(int rd, int imm) { return ci(1, bits(imm, 5, 5), rd, bits(imm, 4, 0), 1); }
    static int cLi(int rd, int imm) { return ci(2, bits(imm, 5, 5), rd, bits(imm, 4, 0), 1); }
    static int cAddi16sp(int nzimm) {
        int lo = bits(nzimm, 4, 4) << 4 | bits(nzimm, 6, 6) << 3 | bits(nzimm, 8, 7) << 1 | bits(nzimm, 5, 5);
        return ci(3, bits(nzimm, 9, 9), 2, lo, 1);
    }
    static int cLui(int rd, int nzimm) { return ci(3, bits(nzimm, 17, 17), rd, bits(nzimm, 16, 12), 1); }
    static int cSrli(int rdp, int sh) { return cb(4, bits(sh, 5, 5) << 2, rdp, bits(sh, 4, 0), 1); }
    static int cSrai(int rdp, int sh) { return cb(4, bits(sh, 5, 5) << 2 | 1, rdp, bits(sh, 4, 0), 1); }
    static int cAndi(int rdp, int imm) { return cb(4, bits(imm, 5, 5) << 2 | 2, rdp, bits(imm, 4, 0), 1); }
    static int cSub(int rdp, int rs2p) { return ca(0x23, rdp, 0, rs2p, 1); }
    static int cXor(int rdp, int rs2p) { return ca(0x23, rdp, 1, rs2p, 1); }
    static int cOr(int rdp, int rs2p) { return ca(0x23, rdp, 2, rs2p, 1); }
    static int cAnd(int rdp, int rs2p) { return ca(0x23, rdp, 3, rs2p, 1); }
    static int cSubw(int rdp, int rs2p) { return ca(0x27, rdp, 0, rs2p, 1); }
    static int cAddw(int rdp, int rs2p) { return ca(0x27, rdp, 1, rs2p, 1); }
    static int cJ(int off) {
        int t = bits(off, 11, 11) << 10 | bits(off, 4, 4) << 9 | bits(off, 9, 8) << 7 | bits(off, 10, 10) << 6
                | bits(off, 6, 6) << 5 | bits(off, 7, 7) << 4 | bits(off, 3, 1) << 1 | bits(off, 5, 5);
        return cj(5, t, 1);
    }
    private static int cBranch(int f3, int rs1p, int off) {
        return cb(f3, bits(off, 8, 8) << 2 | bits(off, 4, 3), rs1p,
                bits(off, 7, 6) << 3 | bits(off, 2, 1) << 1 | bits(off, 5, 5), 1);
    }
    static int cBeqz(int rs1p, int off) { return cBranch(6, rs1p, off); }
    static int cBnez(int rs1p, int off) { return cBranch(7, rs1p, off); }
    static int cSlli(int rd, int sh) { return ci(0, bits(sh, 5, 5), rd, bits(sh, 4, 0), 2); }
    static int cLwsp(int rd, int uimm) { return ci(2, bits(uimm, 5, 5), rd, bits(uimm, 4, 2) << 2 | bits(uimm, 7, 6), 2); }
    static int cLdsp(int rd, int uimm) { return ci(3, bits(uimm, 5, 5), rd, bits(uimm, 4, 3) << 3 | bits(uimm, 8, 6), 2); }
    static int cJr(int rs1) { return cr(8, rs1, 0, 2); }
    static int cMv(int rd, int rs2) { return cr(8, rd, rs2, 2); }
    static int cEbreak() { return cr(9, 0, 0, 2); }
    static int cJalr(int rs1) { return cr(9, rs1, 0, 2); }
    static int cAdd(int rd, int rs2) { return cr(9, rd, rs2, 2); }
    static int cSwsp(int rs2, int uimm) { return css(6, bits(uimm, 5, 2) << 2 | bits(uimm, 7, 6), rs2, 2); }
    static int cSdsp(int rs2, int uimm) { return css(7, bits(uimm, 5, 3) << 3 | bits(uimm, 8, 6), rs2, 2); }
}

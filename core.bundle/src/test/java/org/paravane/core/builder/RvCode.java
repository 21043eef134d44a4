package org.paravane.core.builder;

import java.io.ByteArrayOutputStream;

/**
 * A few RV64I/Zicsr instructions hand-assembled for hostile-guest tests (encodings from the
 * RISC-V unprivileged ISA, chapter "RV32I Base Integer Instruction Set", formats R/I/U/J,
 * and the Zicsr chapter). Little-endian 32-bit words appended in order.
 */
final class RvCode {

    static final int T0 = 5;
    static final int T1 = 6;
    static final int A0 = 10;
    static final int A6 = 16;
    static final int A7 = 17;
    static final int SSTATUS = 0x100;
    static final int SIE = 0x104;
    static final int STVEC = 0x105;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Byte offset of the next instruction. */
    int here() {
        return out.size();
    }

    RvCode word(int w) {
        out.write(w);
        out.write(w >>> 8);
        out.write(w >>> 16);
        out.write(w >>> 24);
        return this;
    }

    private RvCode iType(int imm, int rs1, int funct3, int rd, int opcode) {
        if (imm < -2048 || imm > 2047) {
            throw new IllegalArgumentException("12-bit immediate out of range: " + imm);
        }
        return word((imm & 0xFFF) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode);
    }

    RvCode addi(int rd, int rs1, int imm) {
        return iType(imm, rs1, 0, rd, 0x13);
    }

    RvCode slli(int rd, int rs1, int shamt) {
        return iType(shamt & 0x3F, rs1, 1, rd, 0x13);
    }

    RvCode lui(int rd, int imm20) {
        return word((imm20 & 0xFFFFF) << 12 | rd << 7 | 0x37);
    }

    RvCode auipc(int rd, int imm20) {
        return word((imm20 & 0xFFFFF) << 12 | rd << 7 | 0x17);
    }

    RvCode add(int rd, int rs1, int rs2) {
        return word(rs2 << 20 | rs1 << 15 | rd << 7 | 0x33);
    }

    RvCode jalr(int rd, int rs1, int imm) {
        return iType(imm, rs1, 0, rd, 0x67);
    }

    /** jal rd, offset (relative to this instruction). */
    RvCode jal(int rd, int offset) {
        int imm = offset;
        return word(((imm >>> 20) & 1) << 31 | ((imm >>> 1) & 0x3FF) << 21 | ((imm >>> 11) & 1) << 20
                | ((imm >>> 12) & 0xFF) << 12 | rd << 7 | 0x6F);
    }

    /** jal x0, to (a byte offset from the start of the code). */
    RvCode jumpTo(int to) {
        return jal(0, to - here());
    }

    RvCode csrw(int csr, int rs1) {
        return word(csr << 20 | rs1 << 15 | 1 << 12 | 0x73);
    }

    RvCode csrsi(int csr, int uimm) {
        return word(csr << 20 | (uimm & 0x1F) << 15 | 6 << 12 | 0x73);
    }

    RvCode ecall() {
        return word(0x00000073);
    }

    /** Loads a 64-bit constant built as (hi32 << 32) + lo (lo a 32-bit value, sign-corrected). */
    RvCode li(int rd, long value) {
        if (value >= -2048 && value <= 2047) {
            return addi(rd, 0, (int) value);
        }
        if (value == (int) value) {
            int lo = (int) value << 20 >> 20;
            int hi = (int) ((value - lo) >>> 12);
            lui(rd, hi);
            return lo == 0 ? this : addi(rd, rd, lo);
        }
        // value = upper * 2^12 + low12, recursively (RV64 "li" expansion)
        int low = (int) (value << 52 >> 52);
        long upper = (value - low) >> 12;
        li(rd, upper);
        slli(rd, rd, 12);
        return low == 0 ? this : addi(rd, rd, low);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}

package org.paravane.engine.riscv;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes RV64IMAC + Zicsr + Zifencei instructions into {@link Block}s. Field layouts and
 * immediates follow the RISC-V Unprivileged ISA (chapters RV32I/RV64I "Base Instruction
 * Formats", "M", "A", "Zicsr", "Zifencei" and "C" quadrant tables) and the Privileged ISA
 * (SRET, WFI, SFENCE.VMA). Anything not listed there, including F/D/Q encodings (the
 * hart has no FPU: sstatus.FS is hard-wired Off), decodes to {@link Op#ILLEGAL}.
 */
final class Decoder {
    private static final ValueLayout.OfShort LE16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Decoder() {
    }

    /**
     * Decodes a block starting at {@code off} in {@code seg}, reading at most {@code avail}
     * bytes (the rest of the page or of RAM).
     *
     * @return the block, or {@code null} when the first instruction is a 32-bit one that
     *         does not fit in {@code avail} bytes (it straddles a page end)
     */
    static Block decodeBlock(MemorySegment seg, long off, int avail, int generation) {
        int[] buf = new int[Math.max(1, avail / 2) * Block.STRIDE];
        int n = 0;
        int pos = 0;
        while (pos + 2 <= avail) {
            int lo = seg.get(LE16, off + pos) & 0xffff;
            boolean end;
            int len;
            if ((lo & 3) != 3) {
                len = 2;
                end = decode16(lo, pos, buf, n * Block.STRIDE);
            } else {
                if (pos + 4 > avail) {
                    break; // 32-bit instruction crossing the page end: a block of its own
                }
                int insn = lo | (seg.get(LE16, off + pos + 2) & 0xffff) << 16;
                len = 4;
                end = decode32(insn, pos, buf, n * Block.STRIDE);
            }
            n++;
            pos += len;
            if (end) {
                break;
            }
        }
        if (n == 0) {
            return null;
        }
        return new Block(Arrays.copyOf(buf, n * Block.STRIDE), n, pos, generation);
    }

    /** A one-instruction block for an instruction assembled from two pages. */
    static Block decodeSingle(int insn, int generation) {
        int[] buf = new int[Block.STRIDE];
        if ((insn & 3) != 3) {
            decode16(insn & 0xffff, 0, buf, 0);
            return new Block(buf, 1, 2, generation);
        }
        decode32(insn, 0, buf, 0);
        return new Block(buf, 1, 4, generation);
    }

    private static boolean emit(int[] code, int k, int op, int rd, int rs1, int rs2, int imm, int off) {
        // x0 as a destination becomes the sink slot, so execution never tests rd == 0.
        int d = rd == 0 ? Block.SINK : rd;
        code[k] = op | d << 8 | rs1 << 14 | rs2 << 19;
        code[k + 1] = imm;
        code[k + 2] = off;
        return op >= Op.FIRST_TERMINATOR;
    }

    private static boolean illegal(int[] code, int k, int bits, int off) {
        return emit(code, k, Op.ILLEGAL, 0, 0, 0, bits, off);
    }

    /** Decodes one 32-bit instruction; returns true if it ends the block. */
    static boolean decode32(int insn, int off, int[] code, int k) {
        int opcode = insn & 0x7f;
        int rd = (insn >>> 7) & 31;
        int f3 = (insn >>> 12) & 7;
        int rs1 = (insn >>> 15) & 31;
        int rs2 = (insn >>> 20) & 31;
        int f7 = insn >>> 25;
        int immI = insn >> 20;
        switch (opcode) {
            case 0x37:
                return emit(code, k, Op.LUI, rd, 0, 0, insn & 0xfffff000, off);
            case 0x17:
                return emit(code, k, Op.AUIPC, rd, 0, 0, insn & 0xfffff000, off);
            case 0x6f: {
                int immJ = ((insn >> 31) << 20) | (((insn >>> 12) & 0xff) << 12)
                        | (((insn >>> 20) & 1) << 11) | (((insn >>> 21) & 0x3ff) << 1);
                return emit(code, k, Op.JAL, rd, 0, 0, off + immJ, off);
            }
            case 0x67:
                return f3 == 0 ? emit(code, k, Op.JALR, rd, rs1, 0, immI, off) : illegal(code, k, insn, off);
            case 0x63: {
                int immB = ((insn >> 31) << 12) | (((insn >>> 7) & 1) << 11)
                        | (((insn >>> 25) & 0x3f) << 5) | (((insn >>> 8) & 0xf) << 1);
                int op = switch (f3) {
                    case 0 -> Op.BEQ;
                    case 1 -> Op.BNE;
                    case 4 -> Op.BLT;
                    case 5 -> Op.BGE;
                    case 6 -> Op.BLTU;
                    case 7 -> Op.BGEU;
                    default -> Op.ILLEGAL;
                };
                return op == Op.ILLEGAL ? illegal(code, k, insn, off)
                        : emit(code, k, op, 0, rs1, rs2, off + immB, off);
            }
            case 0x03: {
                int op = switch (f3) {
                    case 0 -> Op.LB;
                    case 1 -> Op.LH;
                    case 2 -> Op.LW;
                    case 3 -> Op.LD;
                    case 4 -> Op.LBU;
                    case 5 -> Op.LHU;
                    case 6 -> Op.LWU;
                    default -> Op.ILLEGAL;
                };
                return op == Op.ILLEGAL ? illegal(code, k, insn, off) : emit(code, k, op, rd, rs1, 0, immI, off);
            }
            case 0x23: {
                int immS = ((insn >> 25) << 5) | ((insn >>> 7) & 31);
                int op = switch (f3) {
                    case 0 -> Op.SB;
                    case 1 -> Op.SH;
                    case 2 -> Op.SW;
                    case 3 -> Op.SD;
                    default -> Op.ILLEGAL;
                };
                return op == Op.ILLEGAL ? illegal(code, k, insn, off) : emit(code, k, op, 0, rs1, rs2, immS, off);
            }
            case 0x13: {
                int op;
                int imm = immI;
                switch (f3) {
                    case 0 -> op = Op.ADDI;
                    case 2 -> op = Op.SLTI;
                    case 3 -> op = Op.SLTIU;
                    case 4 -> op = Op.XORI;
                    case 6 -> op = Op.ORI;
                    case 7 -> op = Op.ANDI;
                    case 1 -> {
                        op = (insn >>> 26) == 0 ? Op.SLLI : Op.ILLEGAL;
                        imm = (insn >>> 20) & 63;
                    }
                    default -> { // 5
                        int top = insn >>> 26;
                        op = top == 0 ? Op.SRLI : top == 0x10 ? Op.SRAI : Op.ILLEGAL;
                        imm = (insn >>> 20) & 63;
                    }
                }
                return op == Op.ILLEGAL ? illegal(code, k, insn, off) : emit(code, k, op, rd, rs1, 0, imm, off);
            }
            case 0x1b: {
                int op = switch (f3) {
                    case 0 -> Op.ADDIW;
                    case 1 -> f7 == 0 ? Op.SLLIW : Op.ILLEGAL;
                    case 5 -> f7 == 0 ? Op.SRLIW : f7 == 0x20 ? Op.SRAIW : Op.ILLEGAL;
                    default -> Op.ILLEGAL;
                };
                int imm = op == Op.ADDIW ? immI : rs2;
                return op == Op.ILLEGAL ? illegal(code, k, insn, off) : emit(code, k, op, rd, rs1, 0, imm, off);
            }
            case 0x33: {
                int op;
                if (f7 == 0) {
                    op = switch (f3) {
                        case 0 -> Op.ADD;
                        case 1 -> Op.SLL;
                        case 2 -> Op.SLT;
                        case 3 -> Op.SLTU;
                        case 4 -> Op.XOR;
                        case 5 -> Op.SRL;
                        case 6 -> Op.OR;
                        default -> Op.AND;
                    };
                } else if (f7 == 0x20) {
                    op = f3 == 0 ? Op.SUB : f3 == 5 ? Op.SRA : Op.ILLEGAL;
                } else if (f7 == 1) {
                    op = Op.MUL + f3; // MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU in funct3 order
                } else {
                    op = Op.ILLEGAL;
                }
                return op == Op.ILLEGAL ? illegal(code, k, insn, off) : emit(code, k, op, rd, rs1, rs2, 0, off);
            }
            case 0x3b: {
                int op;
                if (f7 == 0) {
                    op = f3 == 0 ? Op.ADDW : f3 == 1 ? Op.SLLW : f3 == 5 ? Op.SRLW : Op.ILLEGAL;
                } else if (f7 == 0x20) {
                    op = f3 == 0 ? Op.SUBW : f3 == 5 ? Op.SRAW : Op.ILLEGAL;
                } else if (f7 == 1) {
                    op = switch (f3) {
                        case 0 -> Op.MULW;
                        case 4 -> Op.DIVW;
                        case 5 -> Op.DIVUW;
                        case 6 -> Op.REMW;
                        case 7 -> Op.REMUW;
                        default -> Op.ILLEGAL;
                    };
                } else {
                    op = Op.ILLEGAL;
                }
                return op == Op.ILLEGAL ? illegal(code, k, insn, off) : emit(code, k, op, rd, rs1, rs2, 0, off);
            }
            case 0x0f:
                // FENCE ignores its reserved fields (spec: "for forward compatibility").
                if (f3 == 0) {
                    return emit(code, k, Op.FENCE, 0, 0, 0, 0, off);
                }
                return f3 == 1 ? emit(code, k, Op.FENCE_I, 0, 0, 0, 0, off) : illegal(code, k, insn, off);
            case 0x2f: {
                int f5 = insn >>> 27;
                boolean known = switch (f5) {
                    case 0x00, 0x01, 0x03, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c -> true;
                    case 0x02 -> rs2 == 0; // LR has rs2 = 0
                    default -> false;
                };
                if ((f3 != 2 && f3 != 3) || !known) {
                    return illegal(code, k, insn, off);
                }
                return emit(code, k, Op.AMO, rd, rs1, rs2, f5 | (f3 == 3 ? 0x20 : 0), off);
            }
            case 0x73:
                return decodeSystem(insn, rd, f3, rs1, rs2, f7, off, code, k);
            default:
                return illegal(code, k, insn, off);
        }
    }

    private static boolean decodeSystem(int insn, int rd, int f3, int rs1, int rs2, int f7, int off,
            int[] code, int k) {
        if (f3 == 0) {
            switch (insn) {
                case 0x00000073:
                    return emit(code, k, Op.ECALL, 0, 0, 0, 0, off);
                case 0x00100073:
                    return emit(code, k, Op.EBREAK, 0, 0, 0, 0, off);
                case 0x10200073:
                    return emit(code, k, Op.SRET, 0, 0, 0, 0, off);
                case 0x10500073:
                    return emit(code, k, Op.WFI, 0, 0, 0, 0, off);
                default:
                    if (f7 == 0x09 && rd == 0) {
                        return emit(code, k, Op.SFENCE_VMA, 0, rs1, rs2, 0, off);
                    }
                    return illegal(code, k, insn, off); // MRET, URET, WRS, ...: not in S/U
            }
        }
        if (f3 == 4) {
            return illegal(code, k, insn, off);
        }
        // CSRRW(1) CSRRS(2) CSRRC(3) CSRRWI(5) CSRRSI(6) CSRRCI(7); rs1 field is uimm for the I forms.
        int op = Op.CSRRW + (f3 & 3) - 1 + (f3 >= 5 ? 3 : 0);
        return emit(code, k, op, rd, rs1, 0, insn >>> 20, off);
    }

    /** Decodes one 16-bit (RVC) instruction; returns true if it ends the block. */
    static boolean decode16(int insn, int off, int[] code, int k) {
        int f3 = (insn >>> 13) & 7;
        int rdp = 8 + ((insn >>> 2) & 7);
        int rs1p = 8 + ((insn >>> 7) & 7);
        int rd = (insn >>> 7) & 31;
        int rs2 = (insn >>> 2) & 31;
        int ci = ((((insn >>> 12) & 1) << 5 | ((insn >>> 2) & 31)) << 26) >> 26; // sign-extended imm[5:0]
        int shamt = ((insn >>> 12) & 1) << 5 | ((insn >>> 2) & 31);
        switch (insn & 3) {
            case 0:
                switch (f3) {
                    case 0: { // C.ADDI4SPN
                        int imm = ((insn >>> 7) & 0x30) | ((insn >>> 1) & 0x3c0) | ((insn >>> 4) & 4) | ((insn >>> 2) & 8);
                        return imm == 0 ? illegal(code, k, insn, off) : emit(code, k, Op.ADDI, rdp, 2, 0, imm, off);
                    }
                    case 2: // C.LW
                        return emit(code, k, Op.LW, rdp, rs1p, 0, clwImm(insn), off);
                    case 3: // C.LD
                        return emit(code, k, Op.LD, rdp, rs1p, 0, cldImm(insn), off);
                    case 6: // C.SW
                        return emit(code, k, Op.SW, 0, rs1p, rdp, clwImm(insn), off);
                    case 7: // C.SD
                        return emit(code, k, Op.SD, 0, rs1p, rdp, cldImm(insn), off);
                    default: // C.FLD, reserved, C.FSD
                        return illegal(code, k, insn, off);
                }
            case 1:
                switch (f3) {
                    case 0: // C.ADDI (rd = 0 is C.NOP / hint)
                        return emit(code, k, Op.ADDI, rd, rd, 0, ci, off);
                    case 1: // C.ADDIW
                        return rd == 0 ? illegal(code, k, insn, off) : emit(code, k, Op.ADDIW, rd, rd, 0, ci, off);
                    case 2: // C.LI
                        return emit(code, k, Op.ADDI, rd, 0, 0, ci, off);
                    case 3: {
                        if (rd == 2) { // C.ADDI16SP
                            int imm = (((insn >>> 12) & 1) << 9) | (((insn >>> 6) & 1) << 4) | (((insn >>> 5) & 1) << 6)
                                    | (((insn >>> 3) & 3) << 7) | (((insn >>> 2) & 1) << 5);
                            imm = (imm << 22) >> 22;
                            return imm == 0 ? illegal(code, k, insn, off) : emit(code, k, Op.ADDI, 2, 2, 0, imm, off);
                        }
                        // C.LUI
                        return ci == 0 ? illegal(code, k, insn, off) : emit(code, k, Op.LUI, rd, 0, 0, ci << 12, off);
                    }
                    case 4: {
                        switch ((insn >>> 10) & 3) {
                            case 0:
                                return emit(code, k, Op.SRLI, rs1p, rs1p, 0, shamt, off);
                            case 1:
                                return emit(code, k, Op.SRAI, rs1p, rs1p, 0, shamt, off);
                            case 2:
                                return emit(code, k, Op.ANDI, rs1p, rs1p, 0, ci, off);
                            default: {
                                int f = (insn >>> 5) & 3;
                                int op;
                                if ((insn & 0x1000) == 0) {
                                    op = f == 0 ? Op.SUB : f == 1 ? Op.XOR : f == 2 ? Op.OR : Op.AND;
                                } else {
                                    op = f == 0 ? Op.SUBW : f == 1 ? Op.ADDW : Op.ILLEGAL;
                                }
                                return op == Op.ILLEGAL ? illegal(code, k, insn, off)
                                        : emit(code, k, op, rs1p, rs1p, rdp, 0, off);
                            }
                        }
                    }
                    case 5: { // C.J
                        int imm = (((insn >>> 12) & 1) << 11) | (((insn >>> 11) & 1) << 4) | (((insn >>> 9) & 3) << 8)
                                | (((insn >>> 8) & 1) << 10) | (((insn >>> 7) & 1) << 6) | (((insn >>> 6) & 1) << 7)
                                | (((insn >>> 3) & 7) << 1) | (((insn >>> 2) & 1) << 5);
                        imm = (imm << 20) >> 20;
                        return emit(code, k, Op.JAL, 0, 0, 0, off + imm, off);
                    }
                    default: { // 6 C.BEQZ, 7 C.BNEZ
                        int imm = (((insn >>> 12) & 1) << 8) | (((insn >>> 10) & 3) << 3) | (((insn >>> 5) & 3) << 6)
                                | (((insn >>> 3) & 3) << 1) | (((insn >>> 2) & 1) << 5);
                        imm = (imm << 23) >> 23;
                        return emit(code, k, f3 == 6 ? Op.BEQ : Op.BNE, 0, rs1p, 0, off + imm, off);
                    }
                }
            default: // quadrant 2
                switch (f3) {
                    case 0: // C.SLLI
                        return emit(code, k, Op.SLLI, rd, rd, 0, shamt, off);
                    case 2: { // C.LWSP
                        int imm = (((insn >>> 12) & 1) << 5) | (((insn >>> 4) & 7) << 2) | (((insn >>> 2) & 3) << 6);
                        return rd == 0 ? illegal(code, k, insn, off) : emit(code, k, Op.LW, rd, 2, 0, imm, off);
                    }
                    case 3: { // C.LDSP
                        int imm = (((insn >>> 12) & 1) << 5) | (((insn >>> 5) & 3) << 3) | (((insn >>> 2) & 7) << 6);
                        return rd == 0 ? illegal(code, k, insn, off) : emit(code, k, Op.LD, rd, 2, 0, imm, off);
                    }
                    case 4:
                        if ((insn & 0x1000) == 0) {
                            if (rs2 == 0) { // C.JR
                                return rd == 0 ? illegal(code, k, insn, off) : emit(code, k, Op.JALR, 0, rd, 0, 0, off);
                            }
                            return emit(code, k, Op.ADD, rd, 0, rs2, 0, off); // C.MV
                        }
                        if (rs2 == 0) {
                            return rd == 0 ? emit(code, k, Op.EBREAK, 0, 0, 0, 0, off) // C.EBREAK
                                    : emit(code, k, Op.JALR, 1, rd, 0, 0, off); // C.JALR
                        }
                        return emit(code, k, Op.ADD, rd, rd, rs2, 0, off); // C.ADD
                    case 6: { // C.SWSP
                        int imm = (((insn >>> 9) & 0xf) << 2) | (((insn >>> 7) & 3) << 6);
                        return emit(code, k, Op.SW, 0, 2, rs2, imm, off);
                    }
                    case 7: { // C.SDSP
                        int imm = (((insn >>> 10) & 7) << 3) | (((insn >>> 7) & 7) << 6);
                        return emit(code, k, Op.SD, 0, 2, rs2, imm, off);
                    }
                    default: // C.FLDSP, C.FSDSP
                        return illegal(code, k, insn, off);
                }
        }
    }

    private static int clwImm(int insn) {
        return ((insn >>> 7) & 0x38) | ((insn >>> 4) & 4) | ((insn << 1) & 0x40);
    }

    private static int cldImm(int insn) {
        return ((insn >>> 7) & 0x38) | ((insn << 1) & 0xc0);
    }
}

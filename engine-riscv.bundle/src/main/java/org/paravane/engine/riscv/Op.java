package org.paravane.engine.riscv;

/**
 * Operation numbers of pre-decoded instructions (see {@link Decoder} and {@link Block}).
 * Compressed instructions decode to the operation of their 32-bit expansion (RISC-V
 * unprivileged spec, chapter "C" extension: every RVC instruction expands to one base
 * instruction). Every operation at or above {@link #FIRST_TERMINATOR} ends a block:
 * it changes control flow, privilege, translation or interrupt state.
 */
final class Op {
    private Op() {
    }

    // ---- integer register-immediate (RV64I 2.4, 5.2)
    static final int ADDI = 1;
    static final int SLTI = 2;
    static final int SLTIU = 3;
    static final int XORI = 4;
    static final int ORI = 5;
    static final int ANDI = 6;
    static final int SLLI = 7;
    static final int SRLI = 8;
    static final int SRAI = 9;
    static final int ADDIW = 10;
    static final int SLLIW = 11;
    static final int SRLIW = 12;
    static final int SRAIW = 13;
    static final int LUI = 14;
    static final int AUIPC = 15;
    // ---- integer register-register
    static final int ADD = 16;
    static final int SUB = 17;
    static final int SLL = 18;
    static final int SLT = 19;
    static final int SLTU = 20;
    static final int XOR = 21;
    static final int SRL = 22;
    static final int SRA = 23;
    static final int OR = 24;
    static final int AND = 25;
    static final int ADDW = 26;
    static final int SUBW = 27;
    static final int SLLW = 28;
    static final int SRLW = 29;
    static final int SRAW = 30;
    // ---- M extension
    static final int MUL = 31;
    static final int MULH = 32;
    static final int MULHSU = 33;
    static final int MULHU = 34;
    static final int DIV = 35;
    static final int DIVU = 36;
    static final int REM = 37;
    static final int REMU = 38;
    static final int MULW = 39;
    static final int DIVW = 40;
    static final int DIVUW = 41;
    static final int REMW = 42;
    static final int REMUW = 43;
    // ---- loads and stores
    static final int LB = 44;
    static final int LH = 45;
    static final int LW = 46;
    static final int LD = 47;
    static final int LBU = 48;
    static final int LHU = 49;
    static final int LWU = 50;
    static final int SB = 51;
    static final int SH = 52;
    static final int SW = 53;
    static final int SD = 54;
    /** FENCE (any predecessor/successor set, also FENCE.TSO and PAUSE). */
    static final int FENCE = 55;
    /** A extension; imm = funct5 | 0x20 for the doubleword form. */
    static final int AMO = 56;

    // ---- block terminators
    static final int FIRST_TERMINATOR = 64;
    static final int BEQ = 64;
    static final int BNE = 65;
    static final int BLT = 66;
    static final int BGE = 67;
    static final int BLTU = 68;
    static final int BGEU = 69;
    static final int JAL = 70;
    static final int JALR = 71;
    static final int FENCE_I = 72;
    static final int ECALL = 73;
    static final int EBREAK = 74;
    static final int SRET = 75;
    static final int WFI = 76;
    static final int SFENCE_VMA = 77;
    static final int CSRRW = 78;
    static final int CSRRS = 79;
    static final int CSRRC = 80;
    static final int CSRRWI = 81;
    static final int CSRRSI = 82;
    static final int CSRRCI = 83;
    /** Illegal or unsupported encoding; imm holds the instruction bits (for stval). */
    static final int ILLEGAL = 84;
}

package org.paravane.engine.riscv;

/** Numbers of the CSRs this hart implements (Privileged ISA, "CSR Listing"). */
final class Csr {
    private Csr() {
    }

    static final int SSTATUS = 0x100;
    static final int SIE = 0x104;
    static final int STVEC = 0x105;
    static final int SCOUNTEREN = 0x106;
    static final int SENVCFG = 0x10a;
    static final int SSCRATCH = 0x140;
    static final int SEPC = 0x141;
    static final int SCAUSE = 0x142;
    static final int STVAL = 0x143;
    static final int SIP = 0x144;
    static final int SATP = 0x180;
    static final int CYCLE = 0xc00;
    static final int TIME = 0xc01;
    static final int INSTRET = 0xc02;
    static final int HPMCOUNTER31 = 0xc1f;
}

package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.engine.riscv.Asm.*;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/** Zicsr instructions and every CSR the hart implements (Privileged ISA, supervisor CSRs). */
class CsrTest {
    static final long B = Machine.RAM_BASE;
    static final long HANDLER = B + 0x400;
    static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106, SENVCFG = 0x10a,
            SSCRATCH = 0x140, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144, SATP = 0x180,
            CYCLE = 0xc00, TIME = 0xc01, INSTRET = 0xc02, HPM3 = 0xc03, HPM31 = 0xc1f;

    /** A machine whose trap handler (at HANDLER) is an ecall that stops the run. */
    static Machine withHandler(int... program) {
        Machine m = new Machine();
        m.program(program);
        Asm h = new Asm(HANDLER);
        h.emit(ECALL);
        m.load(h, HANDLER);
        Traps.setStvec(m, HANDLER);
        return m;
    }

    static boolean trapped(Machine m) {
        return m.host.ecalls.get(m.host.ecalls.size() - 1)[2] == HANDLER + 4;
    }

    @Test
    void csrInstructionsReadModifyWrite() {
        try (Machine m = withHandler(
                csrrw(A0, SSCRATCH, A1), // a0 = 0, sscratch = a1
                csrrs(A2, SSCRATCH, A3), // a2 = a1, sscratch |= a3
                csrrc(A4, SSCRATCH, A5), // a4 = a1|a3, sscratch &= ~a5
                csrrwi(A6, SSCRATCH, 0x15), // a6 = old, sscratch = 0x15
                csrrsi(A7, SSCRATCH, 0x0a), // sscratch = 0x1f
                csrrci(T0, SSCRATCH, 0x03), // sscratch = 0x1c
                csrrs(T1, SSCRATCH, ZERO))) { // pure read
            m.set(A1, 0xf0f0).set(A3, 0x0f00).set(A5, 0x00f0);
            assertEquals(RunExit.STOPPED, m.run());
            assertTrue(!trapped(m));
            assertEquals(0, m.x(A0));
            assertEquals(0xf0f0, m.x(A2));
            assertEquals(0xfff0, m.x(A4));
            assertEquals(0xff00, m.x(A6));
            assertEquals(0x15, m.x(A7));
            assertEquals(0x1f, m.x(T0));
            assertEquals(0x1c, m.x(T1));
        }
    }

    private static long writeAllOnesAndRead(int csr) {
        try (Machine m = withHandler(addi(T0, ZERO, -1), csrrw(ZERO, csr, T0), csrrs(A0, csr, ZERO))) {
            assertEquals(RunExit.STOPPED, m.run());
            assertTrue(!trapped(m), "csr 0x" + Integer.toHexString(csr) + " must be accessible");
            return m.x(A0);
        }
    }

    @Test
    void warlFieldsKeepOnlyLegalValues() {
        // SIE SPIE SPP SUM MXR writable; UXL reads 2 (64-bit); FS, XS, VS, SD read 0.
        assertEquals((1L << 1) | (1L << 5) | (1L << 8) | (1L << 18) | (1L << 19) | (2L << 32),
                writeAllOnesAndRead(SSTATUS));
        assertEquals(0x222L, writeAllOnesAndRead(SIE));
        assertEquals(-1L & ~2L, writeAllOnesAndRead(STVEC)); // MODE 3 is reserved: becomes 1
        assertEquals(0xffffffffL, writeAllOnesAndRead(SCOUNTEREN));
        assertEquals(0L, writeAllOnesAndRead(SENVCFG));
        assertEquals(-1L, writeAllOnesAndRead(SSCRATCH));
        assertEquals(-2L, writeAllOnesAndRead(SEPC)); // sepc[0] is always zero
        assertEquals(-1L, writeAllOnesAndRead(SCAUSE));
        assertEquals(-1L, writeAllOnesAndRead(STVAL));
        assertEquals(0x2L, writeAllOnesAndRead(SIP)); // only SSIP is writable
    }

    @Test
    void satpAcceptsBareAndSv39AndIgnoresOtherModes() {
        long sv39 = (8L << 60) | (5L << 44) | 0x80010; // root table inside RAM, all zeros
        long sv48 = (9L << 60) | 0x80124;
        try (Machine m = withHandler(csrrw(ZERO, SATP, A1), csrrs(A0, SATP, ZERO), csrrw(ZERO, SATP, A2))) {
            m.set(A1, sv48).set(A2, sv39);
            // After Sv39 is on, neither the next instruction nor the handler is mapped (the root
            // table is zeros): the fetch page fault cannot be handled, the domain crashes.
            assertEquals(RunExit.CRASHED, m.run());
            assertEquals(0, m.x(A0)); // the Sv48 write had no effect
            assertEquals(sv39, Traps.get(m, Traps.SATP));
            assertEquals(12, Traps.get(m, Traps.SCAUSE));
        }
        try (Machine m = withHandler(csrrw(ZERO, SATP, ZERO), csrrs(A0, SATP, ZERO))) {
            m.set(A0, 9);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0, m.x(A0));
        }
    }

    @Test
    void sipShowsHostLinesAndGuestCannotClearThem() {
        try (Machine m = withHandler(addi(T0, ZERO, -1), csrrc(ZERO, SIP, T0), csrrs(A0, SIP, ZERO),
                csrrsi(ZERO, SIP, 2), csrrs(A1, SIP, ZERO))) {
            m.hart.setInterruptPending(5, true);
            m.hart.setInterruptPending(9, true);
            assertEquals(RunExit.STOPPED, m.run()); // sie = 0: nothing is delivered
            assertEquals(0x220, m.x(A0));
            assertEquals(0x222, m.x(A1));
        }
    }

    @Test
    void countersReadInstretAndHostTime() {
        try (Machine m = withHandler(addi(T0, ZERO, 1), addi(T0, T0, 1), csrrs(A0, INSTRET, ZERO),
                csrrs(A1, CYCLE, ZERO), csrrs(A2, TIME, ZERO), csrrs(A3, HPM3, ZERO), csrrs(A4, HPM31, ZERO))) {
            m.host.time = 123456789L;
            m.set(A3, 5).set(A4, 5);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(2, m.x(A0)); // two instructions retired before the read
            assertEquals(3, m.x(A1)); // cycle counts retired instructions
            assertEquals(123456789L, m.x(A2));
            assertEquals(0, m.x(A3));
            assertEquals(0, m.x(A4));
        }
    }

    private static void assertIllegal(int insn, int priv) {
        try (Machine m = withHandler(insn)) {
            if (priv == 0) {
                Traps.put(m, Traps.PRIV, 0);
            }
            assertEquals(RunExit.STOPPED, m.run());
            assertTrue(trapped(m), "expected illegal instruction for " + Integer.toHexString(insn));
            Traps.assertTrap(m, 2, B, insn & 0xffffffffL);
        }
    }

    @Test
    void writesToReadOnlyCountersAreIllegal() {
        assertIllegal(csrrw(A0, CYCLE, A1), 1);
        assertIllegal(csrrs(A0, TIME, A1), 1);
        assertIllegal(csrrwi(ZERO, INSTRET, 0), 1);
        assertIllegal(csrrci(A0, CYCLE, 1), 1);
    }

    @Test
    void unknownMachineHypervisorAndFloatingPointCsrsAreIllegal() {
        assertIllegal(csrrs(A0, 0x300, ZERO), 1); // mstatus
        assertIllegal(csrrs(A0, 0xf14, ZERO), 1); // mhartid
        assertIllegal(csrrs(A0, 0x600, ZERO), 1); // hstatus
        assertIllegal(csrrs(A0, 0x003, ZERO), 1); // fcsr: no F extension
        assertIllegal(csrrs(A0, 0x14d, ZERO), 1); // stimecmp: no Sstc
        assertIllegal(csrrs(A0, 0x5a8, ZERO), 1); // scontext: not implemented
        assertIllegal(csrrs(A0, 0xc80, ZERO), 1); // cycleh: RV32 only
    }

    @Test
    void userModeCannotTouchSupervisorCsrs() {
        assertIllegal(csrrs(A0, SSTATUS, ZERO), 0);
        assertIllegal(csrrw(ZERO, SATP, ZERO), 0);
        assertIllegal(csrrs(A0, SIP, ZERO), 0);
        assertIllegal(csrrs(A0, CYCLE, ZERO), 0); // scounteren.CY = 0
        assertIllegal(csrrs(A0, TIME, ZERO), 0);
    }

    @Test
    void scounterenOpensCountersToUserMode() {
        try (Machine m = withHandler(csrrs(A0, TIME, ZERO), csrrs(A1, INSTRET, ZERO), csrrs(A2, CYCLE, ZERO))) {
            Traps.put(m, Traps.SCOUNTEREN, 0b110); // TM and IR, not CY
            Traps.put(m, Traps.PRIV, 0);
            m.host.time = 77;
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(77, m.x(A0));
            assertEquals(1, m.x(A1));
            Traps.assertTrap(m, 2, B + 8, csrrs(A2, CYCLE, ZERO) & 0xffffffffL);
        }
    }
}
